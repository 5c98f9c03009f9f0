import Frame
import Stats
import Testing

@testable import Experiment

/// A three-arm experiment with a 0/1 outcome, revenue, a pre-period covariate, a segment and a few missing values.
func experimentFrame(n: Int = 1200, seed: Int = 7) throws -> DataFrame {
  var rng = SeededRNG(seed: seed)
  let names = ["control", "offer", "call"]
  var arm: [String?] = [], churned: [Double?] = [], revenue: [Double?] = [], pre: [Double?] = [], seg: [String?] = []
  for i in 0..<n {
    let a = names[i % 3]
    let x = 50 + 10 * rng.normal()
    arm.append(i == 3 ? nil : a)
    churned.append(i == 4 ? nil : (rng.bernoulli(a == "offer" ? 0.18 : 0.26) ? 1 : 0))
    revenue.append(0.9 * x + 4 * rng.normal() + (a == "offer" ? 2 : 0))
    pre.append(x)
    seg.append(rng.bernoulli(0.5) ? "new" : "old")
  }
  return try DataFrame(columns: [
    Column(name: "arm", strings: arm), Column(name: "churned", floats: churned),
    Column(name: "revenue", floats: revenue),
    Column(name: "pre", floats: pre), Column(name: "segment", strings: seg),
  ])
}

@Suite struct ABTestTests {
  @Test func proportionsAgreeWithTypedCounts() throws {
    let df = try experimentFrame()
    let r = try ABTest.run(df, outcome: "churned", arm: "arm", options: ABTestOptions(control: "control"))
    #expect(r.kind == .proportions)
    #expect(r.comparisons.map(\.arm) == ["call", "offer"])
    #expect(r.dropped == 2)
    #expect(r.notes.contains { $0.contains("dropped 2 of 1200 rows") })
    // The frame-level analysis equals prop_test on the counts it saw.
    let arm = try df.column("arm"), y = try df.column("churned")
    var x = [String: Int](), n = [String: Int]()
    for i in 0..<df.rowCount {
      guard let a = arm.string(at: i), let v = y.double(at: i) else { continue }
      n[a, default: 0] += 1
      x[a, default: 0] += Int(v)
    }
    let offer = try #require(r.comparisons.last?.proportions)
    let direct = try Proportions.compare(
      successes: x["offer"] ?? 0, trials: n["offer"] ?? 0,
      controlSuccesses: x["control"] ?? 0, controlTrials: n["control"] ?? 0)
    #expect(offer.z == direct.z && offer.newcombeLow == direct.newcombeLow)
    // Holm over two comparisons.
    let expected = Holm.adjust(r.comparisons.map(\.pValue))
    #expect(r.comparisons.map(\.holmPValue) == expected)
    #expect(!r.srm.alarming)
  }

  @Test func meansWithCupedReduceVariance() throws {
    let df = try experimentFrame()
    let plain = try ABTest.run(df, outcome: "revenue", arm: "arm", options: ABTestOptions(control: "control"))
    let cuped = try ABTest.run(
      df, outcome: "revenue", arm: "arm", options: ABTestOptions(control: "control", pre: "pre"))
    #expect(plain.kind == .means)
    let p = try #require(plain.comparisons.last?.means), c = try #require(cuped.comparisons.last?.means)
    let adj = try #require(c.cuped)
    #expect(adj.varianceReduction > 0.7)
    #expect(c.se < 0.6 * p.se)
    #expect(abs(adj.unadjusted.difference - p.difference) < 1e-12)
  }

  @Test func cupedFromMomentsEqualsCupedFromValues() throws {
    let ya = [5.0, 7.5, 6.1, 9.3], xa = [4.2, 6.9, 5.0, 8.1], yb = [4.1, 6.0, 5.5, 7.4, 3.9],
      xb = [4.5, 6.2, 5.8, 7.9, 3.6]
    let df = try DataFrame(columns: [
      Column(name: "arm", strings: ["t", "t", "t", "t", "c", "c", "c", "c", "c"]),
      Column(name: "y", floats: ya + yb), Column(name: "x", floats: xa + xb),
    ])
    let r = try ABTest.run(df, outcome: "y", arm: "arm", options: ABTestOptions(control: "c", pre: "x"))
    let v = try Means.cuped(treatment: (ya, xa), control: (yb, xb))
    let m = try #require(r.comparisons.first?.means)
    #expect(abs(m.difference - v.difference) < 1e-12 && abs(m.se - v.se) < 1e-12)
  }

  @Test func segmentsCarryTheExploratoryNote() throws {
    let r = try ABTest.run(
      try experimentFrame(), outcome: "churned", arm: "arm",
      options: ABTestOptions(control: "control", by: "segment"))
    let seg = try #require(r.segments)
    #expect(seg.rowCount == 6)  // 2 segments x (control + 2 treatment arms)
    #expect(r.notes.contains { $0.contains("exploratory") })
  }

  @Test func sampleRatioMismatchIsFlagged() throws {
    var arm = [String](repeating: "control", count: 600) + [String](repeating: "offer", count: 400)
    arm[0] = "offer"
    let y = (0..<1000).map { Double($0 % 4 == 0 ? 1 : 0) }
    let df = try DataFrame(columns: [Column(name: "arm", strings: arm), Column(name: "y", floats: y)])
    let r = try ABTest.run(df, outcome: "y", arm: "arm", options: ABTestOptions(control: "control"))
    #expect(r.srm.alarming)
    #expect(r.report.warnings.contains { $0.contains("SAMPLE RATIO MISMATCH") })
    // Planned 3:2 makes the same sizes fine.
    let ok = try ABTest.run(
      df, outcome: "y", arm: "arm",
      options: ABTestOptions(control: "control", planned: [("control", 3), ("offer", 2)]))
    #expect(!ok.srm.alarming)
  }

  @Test func badInputGivesClearErrors() throws {
    let df = try experimentFrame(n: 60)
    func message(_ options: ABTestOptions, outcome: String = "churned") -> String? {
      do {
        _ = try ABTest.run(df, outcome: outcome, arm: "arm", options: options)
        return nil
      } catch let e as ExperimentError { return e.description } catch { return "\(error)" }
    }
    #expect(message(ABTestOptions(control: "contrl"))?.contains("did you mean 'control'") == true)
    #expect(
      message(ABTestOptions(control: "control", test: .proportions), outcome: "revenue")?.contains(
        "needs a 0/1 outcome") == true)
    #expect(message(ABTestOptions(control: "control", pre: "pre"))?.contains("applies to numeric outcomes") == true)
    #expect(
      message(ABTestOptions(control: "control", planned: [("control", 1), ("ofer", 1)]))?.contains("'ofer'") == true)
    let text = try DataFrame(columns: [
      Column(name: "arm", strings: ["a", "b"]), Column(name: "y", strings: ["x", "y"]),
    ])
    #expect(throws: ExperimentError.self) {
      try ABTest.run(text, outcome: "y", arm: "arm", options: ABTestOptions(control: "a"))
    }
    let oneArm = try DataFrame(columns: [
      Column(name: "arm", strings: ["a", "a", "a"]), Column(name: "y", floats: [0, 1, 0]),
    ])
    #expect(throws: ExperimentError.self) {
      try ABTest.run(oneArm, outcome: "y", arm: "arm", options: ABTestOptions(control: "a"))
    }
    // An arm whose outcomes are all missing has no units.
    let empty = try DataFrame(columns: [
      Column(name: "arm", strings: ["a", "a", "b", "b"]),
      Column(name: "y", floats: [0, 1, nil, nil]),
    ])
    let e = #expect(throws: ExperimentError.self) {
      try ABTest.run(empty, outcome: "y", arm: "arm", options: ABTestOptions(control: "a"))
    }
    #expect(e?.description.contains("arm 'b' has no units") == true)
  }
}

@Suite struct RandomizationTests {
  func customers(_ n: Int) throws -> DataFrame {
    var rng = SeededRNG(seed: 3)
    return try DataFrame(columns: [
      Column(name: "id", strings: (0..<n).map { "c\($0)" }),
      Column(name: "Contract", strings: (0..<n).map { ["Month-to-month", "One year", "Two year"][$0 % 3] }),
      Column(name: "tenure", floats: (0..<n).map { _ in Double(rng.int(below: 72)) }),
    ])
  }

  @Test func completeStratifiedRandomizationSplitsEveryStratum() throws {
    let df = try customers(301)
    let r = try Randomization.assign(
      df,
      options: RandomizationOptions(
        arms: ["control", "offer"], ratio: [1, 2],
        strata: ["Contract"], seed: 42))
    #expect(r.counts.reduce(0, +) == 301)
    #expect(r.strataCount == 3)
    let arm = try r.frame.column("arm"), contract = try r.frame.column("Contract")
    for level in ["Month-to-month", "One year", "Two year"] {
      let rows = (0..<301).filter { contract.string(at: $0) == level }
      let offers = rows.filter { arm.string(at: $0) == "offer" }.count
      let exact = Double(rows.count) * 2 / 3
      #expect(abs(Double(offers) - exact) < 1)  // complete randomization: within one unit of the plan
    }
    // Identifiers (> 20 levels) are left out of the balance table; tenure is in it.
    #expect(r.balance.rowCount > 0)
    #expect(try r.balance.column("covariate").string(at: 0).map { !$0.hasPrefix("id") } == true)
  }

  @Test func reproducibleFromTheSeedAndDifferentAcrossSeeds() throws {
    let df = try customers(200)
    let o = RandomizationOptions(arms: ["a", "b", "c"], seed: 9)
    let x = try Randomization.assign(df, options: o).frame.column("arm")
    let y = try Randomization.assign(df, options: o).frame.column("arm")
    var o2 = o
    o2.seed = 10
    let z = try Randomization.assign(df, options: o2).frame.column("arm")
    let xs = (0..<200).map { x.string(at: $0) }, ys = (0..<200).map { y.string(at: $0) },
      zs = (0..<200).map { z.string(at: $0) }
    #expect(xs == ys)
    #expect(xs != zs)
    #expect(Set(xs.compactMap { $0 }) == ["a", "b", "c"])
  }

  @Test func simpleRandomizationFollowsTheShares() throws {
    let r = try Randomization.assign(
      try customers(3000),
      options: RandomizationOptions(
        arms: ["c", "t"], ratio: [3, 1],
        seed: 1, method: .simple))
    let share = Double(r.counts[1]) / 3000
    #expect(abs(share - 0.25) < 0.03)  // binomial SD 0.008
  }

  @Test func badRandomizationInput() throws {
    let df = try customers(10)
    #expect(throws: ExperimentError.self) { try Randomization.assign(df, options: RandomizationOptions(arms: ["a"])) }
    #expect(throws: ExperimentError.self) {
      try Randomization.assign(df, options: RandomizationOptions(arms: ["a", "a"]))
    }
    #expect(throws: ExperimentError.self) {
      try Randomization.assign(df, options: RandomizationOptions(arms: ["a", "b"], ratio: [1, 0]))
    }
    #expect(throws: ExperimentError.self) {
      try Randomization.assign(df, options: RandomizationOptions(arms: ["a", "b"], column: "tenure"))
    }
    let e = #expect(throws: ExperimentError.self) {
      try Randomization.assign(df, options: RandomizationOptions(arms: ["a", "b"], strata: ["id"]))
    }
    #expect(e?.description.contains("single unit") == true)
  }
}
