import Causal
import Foundation
import Frame
import Learn
import Policy
import Stats

/// A real saved policy for the service tests: a logistic churn model and a two-arm causal forest fitted on a
/// small simulated customer table, saved with `PolicyFile` exactly as `save pol to "file"` does.
///
/// Columns: `customerID`, `tenure` (0–72), `charges` (20–120), `plan` (basic/plus/pro), `paperless` (bool),
/// `arm` (none/call/discount at random), `churned` (0/1). Churn falls with tenure; `call` helps short-tenure
/// customers, `discount` everyone a little.
enum ServeFixture {
  static func customers(n: Int, seed: Int) -> DataFrame {
    var rng = SeededRNG(seed: seed)
    var ids: [String] = [], tenure: [Double] = [], charges: [Double] = [], plan: [String] = []
    var paperless: [Bool] = [], arm: [String] = [], churned: [Double] = []
    for i in 0..<n {
      let t = (rng.uniform() * 72).rounded(), c = 20 + rng.uniform() * 100
      let p = ["basic", "plus", "pro"][Int(rng.uniform() * 3) % 3]
      let paper = rng.uniform() < 0.5
      let a = ["none", "call", "discount"][Int(rng.uniform() * 3) % 3]
      let base = 0.65 - 0.5 * t / 72 + (p == "basic" ? 0.1 : 0) + (paper ? 0.05 : 0)
      let tau = a == "call" ? (t < 24 ? -0.2 : 0) : (a == "discount" ? -0.08 : 0)
      ids.append("S\(5000 + i)")
      tenure.append(t)
      charges.append(c)
      plan.append(p)
      paperless.append(paper)
      arm.append(a)
      churned.append(rng.uniform() < base + tau ? 1 : 0)
    }
    return DataFrame.unchecked(
      columns: [
        Column(name: "customerID", strings: ids), Column(name: "tenure", floats: tenure),
        Column(name: "charges", floats: charges), Column(name: "plan", strings: plan),
        Column(name: "paperless", bools: paperless), Column(name: "arm", strings: arm),
        Column(name: "churned", floats: churned),
      ], rowCount: n)
  }

  /// The fitted policy (once per process).
  static let policy: Result<RetentionPolicy, any Error> = Result { try fit() }

  static func fit() throws -> RetentionPolicy {
    let train = customers(n: 1000, seed: 11)
    let model = try LogisticRegression.fit(
      try Formula(parsing: "churned ~ tenure + charges + plan + paperless"), on: train)
    var o = CausalForestOptions()
    o.trees = 60
    o.seed = 3
    o.threads = 2
    o.nuisanceTrees = 30
    let forests = try MultiArmCausalForest.fit(
      frame: train, outcome: "churned", treatment: "arm",
      covariates: ["tenure", "charges", "plan", "paperless"],
      baseline: "none", options: o)
    return try RetentionPolicy(
      churnModel: model,
      interventions: RetentionPolicy.interventions(from: forests, costs: [("call", 15), ("discount", 40)]),
      value: ValueExpression("charges * 12"), rule: PolicyRule(threshold: 0.3), reference: train)
  }

  /// A temporary folder for this process's files.
  static let folder: String = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("churn-serve-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
  }()

  /// The saved policy's path (saved once per process).
  static let policyPath: Result<String, any Error> = Result {
    let path = folder + "/retention.policy"
    try policy.get().save(to: path)
    return path
  }

  /// A fresh path in the temporary folder.
  static func path(_ name: String) -> String {
    let p = folder + "/" + name
    try? FileManager.default.removeItem(atPath: p)
    try? FileManager.default.removeItem(atPath: p + "-wal")
    try? FileManager.default.removeItem(atPath: p + "-shm")
    return p
  }

  /// Row `i` of `frame` as a request body (`customer_id` plus the policy's fields).
  static func requestJSON(_ frame: DataFrame, row i: Int) -> String {
    var parts = ["\"customer_id\":\"\(frame["customerID"]?.string(at: i) ?? "")\""]
    for name in ["tenure", "charges"] { parts.append("\"\(name)\":\(frame[name]?.double(at: i) ?? .nan)") }
    parts.append("\"plan\":\"\(frame["plan"]?.string(at: i) ?? "")\"")
    parts.append("\"paperless\":\((frame["paperless"]?.double(at: i) ?? 0) == 1)")
    return "{" + parts.joined(separator: ",") + "}"
  }
}
