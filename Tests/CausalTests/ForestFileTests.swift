import Foundation
import Frame
import Stats
import Testing

@testable import Causal
@testable import Learn

/// Causal forests in the saved-object container (kind "causal_forest"), and files of the older archive.
@Suite struct ForestFileTests {
  typealias Fit = CausalForestFitTests

  /// A fixture written by main at 91e100e (Tests/LearnTests/Fixtures/legacy/make_legacy_fixtures.churn).
  static func legacy(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../LearnTests/Fixtures/legacy/\(name)").standardized.path
  }

  static func bits(_ a: [Double]) -> [UInt64] { a.map(\.bitPattern) }

  func message(_ bytes: [UInt8]) -> String {
    do {
      _ = try CausalForest.unarchive(bytes, path: "cf.bin")
      return "loaded"
    } catch { return "\(error)" }
  }

  @Test func aForestIsAContainerOfFiveSectionsAndLoadsBitForBit() throws {
    let train = Fit.simulate(n: 200, seed: 4), test = Fit.simulate(n: 40, seed: 5)
    var o = Fit.options(trees: 20)
    o.localLinear = ["x1"]
    o.llLambda = 0.1
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates, options: o)
    let path = NSTemporaryDirectory() + "churn-cf-container-\(getpid()).bin"
    defer { unlink(path) }
    try cf.save(to: path)
    #expect(ObjectContainer.peekKind(path) == "causal_forest")
    #expect(SavedCausalForest.isForestFile(path))
    let c = try ObjectContainer.read(from: path)
    #expect(c.sections.map(\.name) == ["options", "training", "trees", "local_linear", "tuning"])
    let back = try CausalForest.load(from: path)
    #expect(back.forest == cf.forest)
    #expect(back.localLinear?.moments.count == cf.localLinear?.moments.count)
    let p1 = try cf.predict(frame: test.frame), p2 = try back.predict(frame: test.frame)
    #expect(Self.bits(p1.tau) == Self.bits(p2.tau) && Self.bits(p1.variance) == Self.bits(p2.variance))
    #expect(Self.bits(back.oob.tau) == Self.bits(cf.oob.tau) && Self.bits(back.yHat) == Self.bits(cf.yHat))
    #expect(back.archived() == cf.archived())
  }

  @Test func truncatedCorruptedNewerAndOtherKindFilesGiveAMessageEach() throws {
    let train = Fit.simulate(n: 150, seed: 6)
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
      options: Fit.options(trees: 10))
    let good = cf.archived()
    #expect(message(Array(good.prefix(good.count - 3))).hasPrefix("'cf.bin' is truncated"))
    var flipped = good
    flipped[good.count - 20] ^= 0x10
    #expect(message(flipped) == "'cf.bin' is corrupted (checksum mismatch); copy or save it again")
    var newer = try ObjectContainer.decode(good)
    newer.kindVersion = 3
    #expect(message(newer.encoded()).contains("newer churn (causal_forest format version 3; this build reads up to 2)"))
    let model = ObjectContainer(kind: "model", kindVersion: 1).encoded()
    #expect(message(model) == "'cf.bin' holds a model, not a causal_forest")
    // A section cut short inside a valid container (the checksum is recomputed): the part is named.
    var cut = try ObjectContainer.decode(good)
    cut.sections[1].bytes.removeLast(8)
    #expect(message(cut.encoded()).contains("'cf.bin (training)' is not a valid churn causal-forest file"))
    var missing = try ObjectContainer.decode(good)
    missing.sections.remove(at: 2)
    #expect(message(missing.encoded()) == "'cf.bin' is damaged: its 'trees' section is missing")
  }

  /// A split pointing outside its tree, a leaf slot past the summaries or a feature past the covariates
  /// is refused at load (the walk would otherwise read out of bounds or never end).
  @Test func tamperedTreesAreRefused() throws {
    let train = Fit.simulate(n: 150, seed: 7)
    let cf = try CausalForest.fit(
      frame: train.frame, outcome: "y", treatment: "w", covariates: Fit.covariates,
      options: Fit.options(trees: 4))
    func tampered(_ edit: (inout [Int32], inout [Int32]) -> Void) -> [UInt8] {
      var code = cf.forest.trees.nodes.map(\.code), next = cf.forest.trees.nodes.map(\.next)
      edit(&code, &next)
      var w = ByteWriter()
      w.int(cf.forest.groupSize)
      w.doubles(cf.forest.leafValues)
      w.int32s(cf.forest.trees.roots)
      w.doubles(cf.forest.trees.nodes.map(\.threshold))
      w.int32s(code)
      w.int32s(next)
      w.uint8s(cf.forest.trees.binThresholds)
      w.uint64s(cf.forest.trees.sets)
      var c = cf.container()
      c.kindVersion = 1  // the fixed form of kind version 1
      c.sections[2].bytes = w.bytes
      return c.encoded()
    }
    /// The compact form (kind version 2) of edited trees.
    func tamperedCompact(_ edit: (inout CompactTrees) -> Void) -> [UInt8] {
      var trees = cf.forest.trees
      edit(&trees)
      var w = ByteWriter()
      w.int(cf.forest.groupSize)
      w.compactDoubles(cf.forest.leafValues)
      trees.write(to: &w)
      var c = cf.container()
      c.sections[2].bytes = w.bytes
      return c.encoded()
    }
    // Unchanged, the hand-written sections load as the forest; the compact one is the one saved.
    #expect(try CausalForest.unarchive(tampered { _, _ in }).forest == cf.forest)
    #expect(tamperedCompact { _ in } == cf.archived())
    let split = try #require(cf.forest.trees.nodes.firstIndex { !$0.isLeaf })
    let leaf = try #require(cf.forest.trees.nodes.firstIndex { $0.isLeaf })
    #expect(message(tampered { _, next in next[split] = Int32(split) }).contains("a split points outside its tree"))
    #expect(
      message(tampered { _, next in next[leaf] = Int32(cf.forest.leafCount) }).contains("a leaf slot out of range"))
    #expect(message(tampered { code, _ in code[split] = 4 }).contains("a split points outside its tree"))
    #expect(message(tampered { code, _ in code[leaf] = -7 }).contains("a damaged leaf"))
    #expect(
      message(tamperedCompact { $0.nodes[split].next = Int32(split) }).contains("a split points outside its tree"))
    #expect(
      message(tamperedCompact { $0.nodes[split].next = Int32(split + 1) }).contains("a split points outside its tree"))
    #expect(
      message(tamperedCompact { $0.nodes[leaf].next = Int32(cf.forest.leafCount) }).contains("a leaf slot out of range")
    )
    #expect(message(tamperedCompact { $0.nodes[split].code = 4 }).contains("a split points outside its tree"))
    #expect(message(tamperedCompact { $0.roots[1] = 0 }).contains("bad tree boundaries"))
  }

  /// Forest files of the older archive, written by main at 91e100e, load and give bit for bit the effects and
  /// standard errors that churn printed; saved again, they are containers that give the same.
  @Test(arguments: ["forest_single", "forest_ll_tuned"])
  func olderSingleForestFilesStillLoad(_ name: String) throws {
    let data = try readCSV(path: Self.legacy("forest_data.csv"))
    let recorded = try readCSV(path: Self.legacy("\(name)_effects.csv"))
    let path = Self.legacy("\(name)_v3.bin")
    #expect(SavedCausalForest.isForestFile(path) && ObjectContainer.peekKind(path) == nil)
    let cf = try CausalForest.load(from: path)
    #expect((cf.localLinear != nil) == (name == "forest_ll_tuned") && (cf.tuning != nil) == (name == "forest_ll_tuned"))
    let p = try cf.predict(frame: data)
    #expect(Self.bits(p.tau) == Self.bits(try #require(recorded["effect"]?.doubles())))
    #expect(Self.bits(p.variance.map { $0.squareRoot() }) == Self.bits(try #require(recorded["se"]?.doubles())))
    let again = try CausalForest.unarchive(cf.archived())
    #expect(again.forest == cf.forest && again.archived() == cf.archived())
    let q = try again.predict(frame: data)
    #expect(Self.bits(q.tau) == Self.bits(p.tau) && Self.bits(q.variance) == Self.bits(p.variance))
  }

  @Test func olderSeveralArmFilesStillLoad() throws {
    let data = try readCSV(path: Self.legacy("forest_data.csv"))
    let recorded = try readCSV(path: Self.legacy("forest_arms_effects.csv"))
    guard case .multiArm(let m) = try SavedCausalForest.load(from: Self.legacy("forest_arms_v1.bin")) else {
      Issue.record("expected a several-arm forest")
      return
    }
    #expect(m.arms == ["discount_199", "discount_99", "feature_upsell", "support_call"])
    let again = try MultiArmCausalForest.unarchive(m.archived())
    for (k, arm) in m.arms.enumerated() {
      let p = try m.forests[k].predict(frame: data), q = try again.forests[k].predict(frame: data)
      #expect(Self.bits(p.tau) == Self.bits(try #require(recorded["effect_\(arm)"]?.doubles())), "\(arm)")
      #expect(
        Self.bits(p.variance.map { $0.squareRoot() }) == Self.bits(try #require(recorded["se_\(arm)"]?.doubles())))
      #expect(Self.bits(q.tau) == Self.bits(p.tau) && Self.bits(q.variance) == Self.bits(p.variance))
    }
  }

  /// Forest files of container kind version 1 (trees at fixed width), written by the churn of branch container
  /// at 0afe841 (Tests/LearnTests/Fixtures/legacy/make_container_v1_fixtures.churn), load and give bit for bit the
  /// effects and standard errors that churn printed; saved again, they are kind version 2 and smaller.
  @Test func containerVersionOneForestFilesStillLoad() throws {
    let data = try readCSV(path: Self.legacy("forest_data.csv"))
    let recorded = try readCSV(path: Self.legacy("forest_ll_tuned_c1_effects.csv"))
    let path = Self.legacy("forest_ll_tuned_c1.bin")
    let old = try ObjectContainer.read(from: path)
    #expect(old.kind == "causal_forest" && old.kindVersion == 1)
    let cf = try CausalForest.load(from: path)
    #expect(cf.localLinear != nil && cf.tuning != nil)
    let p = try cf.predict(frame: data)
    #expect(Self.bits(p.tau) == Self.bits(try #require(recorded["effect"]?.doubles())))
    #expect(Self.bits(p.variance.map { $0.squareRoot() }) == Self.bits(try #require(recorded["se"]?.doubles())))
    let again = cf.archived()
    #expect(try ObjectContainer.decode(again).kindVersion == 2 && again.count < old.encoded().count)
    let back = try CausalForest.unarchive(again)
    #expect(back.forest == cf.forest)
    let q = try back.predict(frame: data)
    #expect(Self.bits(q.tau) == Self.bits(p.tau) && Self.bits(q.variance) == Self.bits(p.variance))

    let armsPath = Self.legacy("forest_arms_c1.bin")
    let armsRecorded = try readCSV(path: Self.legacy("forest_arms_c1_effects.csv"))
    let m = try MultiArmCausalForest.load(from: armsPath)
    let armsAgain = m.archived()
    #expect(armsAgain.count < (try ObjectContainer.read(from: armsPath)).encoded().count)
    let m2 = try MultiArmCausalForest.unarchive(armsAgain)
    for (k, arm) in m.arms.enumerated() {
      let p = try m.forests[k].predict(frame: data), q = try m2.forests[k].predict(frame: data)
      #expect(Self.bits(p.tau) == Self.bits(try #require(armsRecorded["effect_\(arm)"]?.doubles())), "\(arm)")
      #expect(
        Self.bits(p.variance.map { $0.squareRoot() })
          == Self.bits(try #require(armsRecorded["se_\(arm)"]?.doubles())))
      #expect(Self.bits(q.tau) == Self.bits(p.tau) && Self.bits(q.variance) == Self.bits(p.variance))
    }
  }

  /// Files of format versions 1 and 2 (before the local linear correction and before tuning) still load:
  /// they are the version-3 fixture's bytes with the version changed and the newer trailing parts left out
  /// (for an untuned forest without correction and nuisance learner: 48 bytes of tuning and nuisance-learner
  /// options, then 24 bytes of correction options).
  @Test func olderArchiveVersionsStillLoad() throws {
    let current = try ObjectContainer.readFile(Self.legacy("forest_single_v3.bin"))
    let cf = try CausalForest.unarchive(current)
    #expect(cf.tuning == nil && cf.localLinear == nil && cf.options.nuisanceLearner == nil)
    let versionAt = 8 + "churn-causal-forest".utf8.count
    func asVersion(_ v: Int, dropping tail: Int) -> [UInt8] {
      var b = Array(current.dropLast(tail))
      b.replaceSubrange(versionAt..<(versionAt + 8), with: withUnsafeBytes(of: Int64(v).littleEndian, Array.init))
      return b
    }
    let data = try readCSV(path: Self.legacy("forest_data.csv"))
    let expected = try cf.predict(frame: data)
    for (version, tail) in [(2, 48), (1, 72)] {
      let old = try CausalForest.unarchive(asVersion(version, dropping: tail))
      let p = try old.predict(frame: data)
      #expect(Self.bits(p.tau) == Self.bits(expected.tau), "version \(version)")
      #expect(Self.bits(p.variance) == Self.bits(expected.variance), "version \(version)")
    }
    // A version-2 body with the version-3 trailer left on is refused, not misread; a newer archive too.
    #expect(message(asVersion(2, dropping: 0)).contains("unexpected bytes at the end"))
    #expect(message(asVersion(4, dropping: 0)).contains("format version 4 by a newer churn"))
    #expect(message(Array(current.prefix(current.count / 2))).contains("is not a valid churn causal-forest file"))
  }
}
