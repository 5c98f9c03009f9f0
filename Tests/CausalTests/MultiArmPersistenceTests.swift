import Causal
import Foundation
import Frame
import Learn
import Stats
import Testing

/// Saving and loading several-arm causal forests (container kind "multi_arm_causal_forest" version 1).
@Suite struct MultiArmPersistenceTests {
  /// n rows, covariates x1, x2 (uniform) and a text column `plan`; arms none / a / b assigned with a
  /// propensity depending on x2; τ_a(x) = 1 + 2·x1, τ_b(x) = −1 (+0.5 on plan "pro").
  static func simulate(n: Int, seed: Int) -> DataFrame {
    var rng = SeededRNG(seed: seed)
    var x1: [Double] = [], x2: [Double] = [], plan: [String] = [], arm: [String] = [], y: [Double] = []
    for _ in 0..<n {
      let a = rng.uniform(), b = rng.uniform()
      let p = ["basic", "plus", "pro"][Int(rng.uniform() * 3) % 3]
      let u = rng.uniform()
      let t = u < 0.3 + 0.2 * b ? "none" : (u < 0.65 + 0.1 * b ? "a" : "b")
      let tau = t == "a" ? 1 + 2 * a : (t == "b" ? -1 + (p == "pro" ? 0.5 : 0) : 0)
      x1.append(a)
      x2.append(b)
      plan.append(p)
      arm.append(t)
      y.append(b + 0.5 * a + tau + 0.5 * rng.normal())
    }
    return DataFrame.unchecked(
      columns: [
        Column(name: "x1", floats: x1), Column(name: "x2", floats: x2), Column(name: "plan", strings: plan),
        Column(name: "arm", strings: arm), Column(name: "y", floats: y),
      ], rowCount: n)
  }

  static func fitted() throws -> (MultiArmCausalForest, DataFrame) {
    let train = simulate(n: 300, seed: 11)
    var o = CausalForestOptions()
    o.trees = 20
    o.seed = 5
    o.threads = 2
    o.nuisanceTrees = 20
    let m = try MultiArmCausalForest.fit(
      frame: train, outcome: "y", treatment: "arm", covariates: ["x1", "x2", "plan"],
      baseline: "none", options: o)
    return (m, train)
  }

  static func texts(_ c: Column?) -> [String]? {
    guard case .string(let codes, let levels)? = c?.storage else { return nil }
    return codes.map { $0 < 0 ? "" : levels[Int($0)] }
  }

  static func bits(_ p: [CausalPredictions]) -> [[UInt64]] {
    p.flatMap { [$0.tau.map(\.bitPattern), $0.variance.map(\.bitPattern)] }
  }

  @Test func saveAndLoadRoundTripsEveryArmBitForBit() throws {
    let (m, train) = try Self.fitted()
    let test = Self.simulate(n: 60, seed: 12)
    let path = NSTemporaryDirectory() + "churn-macf-\(getpid()).bin"
    defer { unlink(path) }
    try m.save(to: path)
    let back = try MultiArmCausalForest.load(from: path)
    #expect(back.baseline == "none")
    #expect(back.arms == ["a", "b"])
    #expect(back.rows == m.rows)
    #expect(back.trainingRowCount == 300)
    // New rows, and the training rows with their out-of-bag estimates.
    #expect(Self.bits(try back.predict(frame: test)) == Self.bits(try m.predict(frame: test)))
    #expect(
      Self.bits(try back.predict(frame: train, training: true))
        == Self.bits(try m.predict(frame: train, training: true)))
    // The intervals and best-arm table (what `effects` prints) too.
    let t1 = try m.effectTable(frame: test), t2 = try back.effectTable(frame: test)
    for arm in ["a", "b"] {
      for c in ["effect_", "se_", "lo_", "hi_"] {
        let a = try #require(t1[c + arm]?.doubles()), b = try #require(t2[c + arm]?.doubles())
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(c)\(arm)")
      }
    }
    #expect(Self.texts(t1["best_arm"]) != nil)
    #expect(Self.texts(t1["best_arm"]) == Self.texts(t2["best_arm"]))
    // The same bytes again: saving is deterministic.
    #expect(back.archived() == m.archived())
    // Either kind of file through one entry point.
    guard case .multiArm = try SavedCausalForest.load(from: path) else {
      Issue.record("a multi-arm file must load as multi-arm")
      return
    }
    #expect(SavedCausalForest.isForestFile(path))
  }

  @Test func damagedForeignAndNewerFilesGiveClearErrors() throws {
    let (m, _) = try Self.fitted()
    let bytes = m.archived()
    func message(_ b: [UInt8]) -> String? {
      do {
        _ = try MultiArmCausalForest.unarchive(b, path: "f.bin")
        return nil
      } catch let e as CausalForestError {
        return e.description
      } catch { return "unexpected error type: \(error)" }
    }
    // Truncated anywhere: an error naming the file, never a crash or a half-read forest.
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
      let msg = message(Array(bytes[0..<cut]))
      #expect(msg?.contains("'f.bin'") == true, "cut at \(cut): \(msg ?? "loaded")")
    }
    #expect(message(bytes + [0])?.contains("unexpected bytes after the end") == true)
    var flipped = bytes
    flipped[bytes.count / 3] ^= 0x01
    #expect(message(flipped)?.contains("checksum mismatch") == true)
    // A newer section layout, for the whole file or for one arm's forest.
    var c = try ObjectContainer.decode(bytes)
    c.kindVersion = 2
    #expect(message(c.encoded())?.contains("newer churn (multi_arm_causal_forest format version 2") == true)
    var arm = try ObjectContainer.decode(bytes)
    let header = try #require(arm.sections.firstIndex { $0.name == "arm2" })
    arm.sections[header].bytes[arm.sections[header].bytes.count - 4] = 7
    #expect(message(arm.encoded())?.contains("newer churn (causal_forest format version 7") == true)
    // A row index outside the training frame: the first arm's rows are rewritten.
    var r = try ObjectContainer.decode(bytes)
    var w = ByteWriter()
    w.string(m.baseline)
    w.strings(m.arms)
    w.int(m.trainingRowCount)
    for (k, rows) in m.rows.enumerated() { w.int32s(rows.map { Int32($0) + (k == 0 ? 1_000 : 0) }) }
    r.sections[0].bytes = w.bytes
    #expect(message(r.encoded())?.contains("inconsistent") == true)
    // The other kind of file, and a file that is not a forest.
    let single = m.forests[0].archived()
    #expect(message(single)?.contains("single causal forest") == true)
    do {
      _ = try CausalForest.unarchive(bytes, path: "f.bin")
      Issue.record("a multi-arm file must not load as one forest")
    } catch let e as CausalForestError {
      #expect(e.description.contains("one per arm"))
    }
    let policy = ObjectContainer(kind: "policy", kindVersion: 2).encoded()
    #expect(message(policy) == "'f.bin' holds a policy, not a multi_arm_causal_forest")
    #expect(message(Array("{\"format\": \"churn-model\"}".utf8))?.contains("not a churn multi-arm") == true)
    #expect(throws: CausalForestError.self) { try MultiArmCausalForest.load(from: "/nonexistent/f.bin") }
    #expect(!SavedCausalForest.isForestFile("/nonexistent/f.bin"))
  }

  @Test func singleForestFilesRejectTrailingBytesAndNewerVersions() throws {
    let (m, _) = try Self.fitted()
    let bytes = m.forests[1].archived()
    #expect(throws: CausalForestError.self) { try CausalForest.unarchive(bytes + [1, 2, 3]) }
    var newer = try ObjectContainer.decode(bytes)
    newer.kindVersion = 9
    do {
      _ = try CausalForest.unarchive(newer.encoded(), path: "g.bin")
      Issue.record("a newer version must not load")
    } catch let e as CausalForestError {
      #expect(e.description.contains("newer churn (causal_forest format version 9; this build reads up to 2)"))
    }
    guard case .single(let f) = try SavedCausalForest.unarchive(bytes) else {
      Issue.record("a single-forest file must load as single")
      return
    }
    #expect(f.oob.tau.map(\.bitPattern) == m.forests[1].oob.tau.map(\.bitPattern))
  }
}
