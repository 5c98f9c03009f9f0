import Lang
import Testing

/// `decompose_naive`, `replicate` and the teaching help topics through the language.
@Suite("Teaching commands")
struct TeachingCommandTests {
  static let setup = """
    let old = simulate telco n: 1200, seed: 1
    let sim = simulate interventions on old mode: binary, seed: 3
    """

  func field(_ v: Value, _ name: String) -> Value? {
    if case .object(let o) = v { return o.field(name) }
    return nil
  }

  @Test func decomposeNaiveAddsUpToTheNaiveEstimate() throws {
    let d = try eval(Self.setup + "\ndecompose_naive churn ~ treatment on sim")
    let naive = try eval(Self.setup + "\n(estimate ate churn ~ treatment on sim with method: naive).estimate")
    let n = try #require(field(d, "naive")?.number), att = try #require(field(d, "effect_on_treated")?.number)
    let bias = try #require(field(d, "selection_bias")?.number)
    #expect(abs(n - (att + bias)) < 1e-12)
    #expect(abs(n - (naive.number ?? .nan)) < 1e-12)
    #expect(bias > 0)
  }

  @Test func decomposeNaiveBadInput() {
    let s = Self.setup + "\n"
    #expect(
      errorText(s + "decompose_naive churn ~ treatment on sim with y0: y1")?.contains(
        "must be the outcome without treatment") == true)
    #expect(errorText(s + "decompose_naive churn ~ treatment on sim with y0: customerID")?.contains("is text") == true)
  }

  @Test func replicateTableAndBadInput() throws {
    let v = try eval(
      Self.setup
        + "\nreplicate churn ~ treatment | tenure + Contract + risk on old with replicates: 3, estimators: [naive, aipw]"
    )
    #expect(field(v, "table")?.frame?.rowCount == 2)
    #expect(field(v, "draws")?.frame?.rowCount == 6)
    let s = Self.setup + "\n"
    #expect(
      errorText(s + "replicate churn ~ treatment | tenure on old with replicates: 1")?.contains("between 2 and 10000")
        == true)
    #expect(errorText(s + "replicate churn ~ treatment | tenure on old with estimators: [aipw_gmb]") != nil)
    #expect(errorText(s + "replicate churn ~ treatment | tenur on old with replicates: 2")?.contains("tenur") == true)
  }

  @Test func replicateForestTableAndBadInput() throws {
    let v = try eval("replicate_forest setup: \"A\", n: 200, trees: 50, replicates: 3, seed: 2")
    #expect(field(v, "table")?.frame?.rowCount == 6)
    #expect(field(v, "draws")?.frame?.rowCount == 18)
    let coverage = try #require(field(v, "coverage")?.number)
    #expect(coverage > 0 && coverage <= 1)
    #expect(errorText("replicate_forest replicates: 1")?.contains("between 2 and 10000") == true)
    #expect(errorText("replicate_forest n: 4")?.contains("at least 10") == true)
    #expect(errorText("replicate_forest setup: \"E\"") != nil)
    #expect(errorText("replicate_forest trees: 0, replicates: 2") != nil)
  }

  @Test func teachingTopicsAreFound() {
    for name in [
      "potential_outcomes", "confidence intervals", "cross_fitting", "rate_toc", "causal graphs", "late",
      "exercises 1", "exercises 2", "exercises 3", "exercises 4", "exercises 5", "exercises 6",
      "exercises 5 answers", "exercise 6",
    ] {
      #expect(HelpTopics.find(name) != nil, "help \(name)")
    }
  }
}
