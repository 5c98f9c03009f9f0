import Causal
import Foundation
import Frame
import Learn
import Policy
import Testing

@Suite("Saved policy", .serialized)
struct PolicyFileTests {
  static let scoring = PolicyFixture.customers(n: 300, seed: 42)

  func tempPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("churn-policy-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
  }

  func bits(_ r: PolicyRecommendations) -> [UInt64] {
    (r.churn + r.value + r.effect.flatMap { $0 } + r.se.flatMap { $0 } + r.net.flatMap { $0 }
      + r.netLo.flatMap { $0 } + r.netHi.flatMap { $0 }).map(\.bitPattern)
  }

  @Test("a loaded policy recommends bit for bit what the saved one did")
  func roundTrip() throws {
    let p = try PolicyFixture.policy(rule: PolicyRule(threshold: 0.25, requireCI: false, level: 0.9))
    let path = tempPath("roundtrip.policy")
    try p.save(to: path)
    let q = try PolicyFile.load(from: path)
    #expect(q.arms == p.arms && q.interventions.map(\.cost) == p.interventions.map(\.cost))
    #expect(q.value == p.value && q.rule == p.rule && q.schema == p.schema && q.reference == p.reference)
    #expect(q.reference.map(\.name) == ["charges", "plan", "tenure"])
    for c in [nil, BudgetConstraint.share(0.1)] {
      let a = try p.recommend(Self.scoring, constraint: c), b = try q.recommend(Self.scoring, constraint: c)
      #expect(bits(a) == bits(b))
      #expect(a.recommendation == b.recommendation && a.reason == b.reason)
    }
    // Saving the loaded policy gives the same bytes, hence the same version tag.
    #expect(try PolicyFile.encode(q) == PolicyFile.encode(p))
    #expect(try PolicyFile.version(of: q) == PolicyFile.version(of: p))
    #expect(try PolicyFile.version(of: q).count == 8)
  }

  func refusal(_ bytes: [UInt8]) -> String {
    do {
      _ = try PolicyFile.decode(bytes, file: "p.bin")
      return "accepted"
    } catch { return "\(error)" }
  }

  @Test("truncated, corrupted, trailing, foreign, wrong-kind and newer files are refused")
  func corruption() throws {
    let good = try PolicyFile.encode(try PolicyFixture.policy())
    #expect(refusal(Array(good.prefix(good.count - 100))).hasPrefix("'p.bin' is truncated"))
    #expect(refusal(Array(good.prefix(10))).hasPrefix("'p.bin' is truncated (the header is cut short)"))
    var flipped = good
    flipped[good.count / 2] ^= 0x40
    #expect(refusal(flipped) == "'p.bin' is corrupted (checksum mismatch); copy or save it again")
    #expect(refusal(good + [0]) == "'p.bin' is corrupted (1 unexpected bytes after the end); copy or save it again")
    #expect(refusal(Array("{\"format\": \"churn-model\"}".utf8)).hasPrefix("'p.bin' is not a churn saved-object file"))
    var newer = good
    newer[8] = 2
    #expect(refusal(newer).hasPrefix("'p.bin' was written by a newer churn (container format version 2"))
    var other = ObjectContainer(kind: "model", kindVersion: 1)
    other.append("x", [1, 2, 3])
    #expect(refusal(other.encoded()) == "'p.bin' holds a model, not a policy")
    var future = try PolicyFile.container(try PolicyFixture.policy())
    future.kindVersion = PolicyFile.kindVersion + 1
    #expect(refusal(future.encoded()).hasPrefix("'p.bin' was written by a newer churn (policy format version 3"))
    let policy = try PolicyFixture.policy()
    let call = try #require(policy.arms.firstIndex(of: "call"))
    var missing = try PolicyFile.container(policy)
    missing.sections.removeAll { $0.name == "effect\(call + 1)/trees" }
    #expect(refusal(missing.encoded()) == "'p.bin (effect of call)' is damaged: its 'trees' section is missing")
    var noModel = try PolicyFile.container(policy)
    noModel.sections.removeAll { $0.name == "churn_model" }
    #expect(refusal(noModel.encoded()) == "'p.bin' is damaged: its 'churn_model' section is missing")
    var newerForest = try PolicyFile.container(policy)
    newerForest.sections.removeAll { $0.name.hasPrefix("effect1") }
    newerForest.embed(ObjectContainer(kind: "causal_forest", kindVersion: 5), as: "effect1")
    #expect(
      refusal(newerForest.encoded()).hasPrefix(
        "'p.bin (effect1)' was written by a newer churn (causal_forest format version 5; this build reads up to 2)"))
    var badMeta = try PolicyFile.container(try PolicyFixture.policy())
    if let i = badMeta.sections.firstIndex(where: { $0.name == "meta" }) { badMeta.sections[i].bytes = Array("{".utf8) }
    #expect(refusal(badMeta.encoded()) == "'p.bin' is damaged: its 'meta' section cannot be read")
  }

  @Test("the churn model and each forest are embedded as the sections of their own files")
  func oneEncodingPerObject() throws {
    let p = try PolicyFixture.policy()
    let c = try PolicyFile.container(p)
    #expect(try c.embedded("churn_model", kind: ModelFile.kind) == ModelFile.container(p.churnModel))
    for (k, iv) in p.interventions.enumerated() {
      #expect(try c.embedded("effect\(k + 1)", kind: CausalForestFile.singleKind) == iv.effect.container())
    }
    #expect(
      c.sections.filter { !$0.name.contains("/") }.map(\.name)
        == ["meta", "schema", "churn_model"] + p.arms.indices.map { "effect\($0 + 1)" } + ["reference"])
  }

  /// Policy files of earlier churns load and recommend bit for bit what that churn recommended: kind version 1
  /// (churn model as JSON, forests as the older archive), written by main at 91e100e
  /// (Tests/LearnTests/Fixtures/legacy/make_legacy_fixtures.churn), and kind version 2 with its embedded model
  /// and forests at kind version 1 (trees at fixed width), written by the churn of branch container at 0afe841
  /// (make_container_v1_fixtures.churn). Saved again, they embed compact trees and are smaller.
  @Test(
    "policy files of earlier churns still load and recommend as before",
    arguments: [("policy_v1", 1), ("policy_v2", 2)])
  func earlierPolicyFilesStillLoad(_ name: String, kindVersion: Int) throws {
    func legacy(_ name: String) -> String {
      URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../LearnTests/Fixtures/legacy/\(name)").standardized.path
    }
    let path = legacy("\(name).bin")
    let old = try ObjectContainer.read(from: path)
    #expect(old.kindVersion == kindVersion)
    let p = try PolicyFile.load(from: path)
    let data = try readCSV(path: legacy("forest_data.csv"))
    let recorded = try readCSV(path: legacy("\(name)_recommendations.csv"))
    let r = try p.recommend(data)
    #expect(r.churn.map(\.bitPattern) == (try #require(recorded["churn_prob"]?.doubles())).map(\.bitPattern))
    let net = try #require(recorded["net_value"]?.doubles())
    let arms = r.recommendation
    #expect(arms.count == net.count)
    var texts: [String] = []
    if let col = recorded["recommendation"] { for i in 0..<col.count { texts.append(col.string(at: i) ?? "") } }
    #expect(arms == texts)
    // Saved again: the current kind version, compact trees, the same recommendations.
    let again = try PolicyFile.encode(p)
    let c = try ObjectContainer.decode(again)
    #expect(c.kindVersion == PolicyFile.kindVersion)
    #expect(try c.embedded("effect1", kind: "causal_forest").kindVersion == 2)
    #expect(again.count < old.encoded().count)
    let q = try PolicyFile.decode(again)
    #expect(bits(try q.recommend(data)) == bits(r))
  }

  @Test("a failed save leaves nothing partial, and an existing file untouched")
  func atomicSave() throws {
    let p = try PolicyFixture.policy()
    let missingDir = tempPath("no-such-dir/p.bin")
    #expect(throws: PolicyError.self) { try p.save(to: missingDir) }
    #expect(!FileManager.default.fileExists(atPath: missingDir))
    // Saving over an existing file replaces it whole; the temporary file is gone afterwards.
    let path = tempPath("atomic.policy")
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    try p.save(to: path)
    #expect(try PolicyFile.load(from: path).arms == p.arms)
    let dir = (path as NSString).deletingLastPathComponent
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty)
  }
}
