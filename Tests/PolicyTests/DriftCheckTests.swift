import Causal
import Frame
import Stats
import Testing

@testable import Policy

@Suite("Drift check")
struct DriftCheckTests {
  static let features = [
    "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines",
    "InternetService", "OnlineSecurity", "Contract", "PaperlessBilling", "PaymentMethod",
    "MonthlyCharges", "TotalCharges",
  ]

  /// scipy 1.17.1: `chi2_contingency([[30,50,20,0],[25,45,40,5]], correction=False)` →
  /// statistic 11.393315304070452, p 0.009778539713318199, dof 3 (the all-zero-free columns are kept).
  @Test func chiSquareMatchesScipy() {
    let r = ChiSquareHomogeneity.test(reference: [30, 50, 20, 0], new: [25, 45, 40, 5])
    #expect(abs(r.statistic - 11.393315304070452) < 1e-10)
    #expect(abs(r.pValue - 0.009778539713318199) < 1e-9)
    #expect(r.df == 3)
    #expect(ChiSquareHomogeneity.test(reference: [10], new: [3]).pValue == 1)
  }

  /// numpy: p = max(t0/sum, 1e-4), q = max(t1/sum, 1e-4), sum((q-p)*log(q/p)) = 0.39857167883565986
  /// for t0 = [30,50,20,0], t1 = [25,45,40,5].
  @Test func psiWithFloor() {
    #expect(
      abs(PopulationStability.index(reference: [30, 50, 20, 0], new: [25, 45, 40, 5]) - 0.39857167883565986) < 1e-12)
    #expect(PopulationStability.index(reference: [1, 2, 3], new: [2, 4, 6]) == 0)
  }

  @Test func quantileEdgesDeduplicate() {
    let v = (1...100).map(Double.init)
    #expect(PopulationStability.quantileEdges(sorted: v, bins: 4) == [25, 50, 75])
    let ties: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2]
    #expect(PopulationStability.quantileEdges(sorted: ties, bins: 10) == [0, 1])
    #expect(PopulationStability.counts(sorted: ties, edges: [0, 1]) == [8, 1, 1])
  }

  /// Two independent twins (different seeds, same distribution): no feature drifts at the defaults.
  @Test func noFalseAlarmOnSameDistribution() throws {
    for seed in [11, 12, 13] {
      let ref = try simulateTelco(n: 4000, seed: seed)
      let new = try simulateTelco(n: 3000, seed: seed + 100)
      let r = try DriftCheck.run(new: new, against: ref, columns: Self.features)
      #expect(!r.retrain, "\(r.summary)")
      #expect(r.features.allSatisfy { $0.flag == .ok }, "\(r.features.filter { $0.flag != .ok }.map(\.name))")
      #expect(r.summary.hasPrefix("no retraining needed"))
    }
  }

  /// Shift tenure by +18 months (capped at 72) and move half of the month-to-month customers to one-year
  /// contracts: both are flagged, the rest are not, and the verdict is to retrain.
  @Test func detectsShiftedSample() throws {
    let ref = try simulateTelco(n: 4000, seed: 21)
    var new = try simulateTelco(n: 3000, seed: 22)
    let tenure = try new.column("tenure")
    try new.set(Column(name: "tenure", ints: (0..<new.rowCount).map { min(72, Int(tenure.double(at: $0) ?? 0) + 18) }))
    let contract = try new.column("Contract")
    var flip = false
    try new.set(
      Column(
        name: "Contract",
        strings: (0..<new.rowCount).map { i -> String? in
          guard let s = contract.string(at: i) else { return nil }
          if s == "Month-to-month" {
            flip.toggle()
            return flip ? "One year" : s
          }
          return s
        }))
    let r = try DriftCheck.run(new: new, against: ref, columns: Self.features)
    let flagged = r.features.filter { $0.flag == .drift }.map(\.name).sorted()
    #expect(flagged == ["Contract", "tenure"])
    #expect(r.retrain)
    #expect(r.summary.hasPrefix("retrain: 2 of 14 features drifted"))
    #expect(r.worstFirst.first.map { ["Contract", "tenure"].contains($0.name) } == true)
  }

  /// A saved (encoded, thinned) reference gives the same verdicts as the frame itself.
  @Test func savedReferenceWorks() throws {
    let ref = try simulateTelco(n: 5000, seed: 31)
    let new = try simulateTelco(n: 2000, seed: 32)
    let saved = try FeatureReference.decodeList(
      FeatureReference.encode(FeatureReference.from(ref, columns: Self.features, maxSample: 2000)))
    let r = try DriftCheck.run(new: new, against: saved)
    #expect(r.features.count == Self.features.count)
    #expect(!r.retrain)
  }

  @Test func unseenLevelsAndErrors() throws {
    let ref = try DataFrame(columns: [
      Column(name: "c", strings: ["a", "b", "a", "b"]), Column(name: "x", floats: [1, 2, 3, 4]),
    ])
    let new = try DataFrame(columns: [
      Column(name: "c", strings: ["a", "z", "z", "b"]), Column(name: "x", floats: [1, 2, 3, 4]),
    ])
    let r = try DriftCheck.run(new: new, against: ref, columns: ["c", "x"])
    #expect(r.features[0].unseenLevels == ["z"])
    #expect(r.features[0].psi > 1)
    #expect(throws: DriftError.missingFeature("x", suggestion: "c")) {
      try DriftCheck.run(new: new.rows([0]).select(["c"]), against: ref, columns: ["c", "x"])
    }
    #expect(throws: DriftError.self) {
      try DriftCheck.run(
        new: new, against: ref, columns: ["x"], thresholds: DriftThresholds(psiWatch: 0.3, psiDrift: 0.2))
    }
    let typed = try DataFrame(columns: [Column(name: "c", floats: [1, 2])])
    #expect(throws: DriftError.typeMismatch("c", expected: "text")) {
      try DriftCheck.run(new: typed, against: ref, columns: ["c"])
    }
  }
}
