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
    // Saving the loaded policy gives the same bytes.
    #expect(try PolicyFile.encode(q) == PolicyFile.encode(p))
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
    #expect(refusal(future.encoded()).hasPrefix("'p.bin' was written by a newer churn (policy format version 2"))
    var missing = try PolicyFile.container(try PolicyFixture.policy())
    missing.sections.removeAll { $0.name == "effect:call" }
    #expect(refusal(missing.encoded()) == "'p.bin' is damaged: its 'effect:call' section is missing")
    var badMeta = try PolicyFile.container(try PolicyFixture.policy())
    if let i = badMeta.sections.firstIndex(where: { $0.name == "meta" }) { badMeta.sections[i].bytes = Array("{".utf8) }
    #expect(refusal(badMeta.encoded()) == "'p.bin' is damaged: its 'meta' section cannot be read")
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
