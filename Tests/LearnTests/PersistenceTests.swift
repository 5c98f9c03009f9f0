import Foundation
import Frame
import Testing

@testable import Learn

@Suite struct PersistenceTests {
  func tempPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("churn-learn-\(name)-\(getpid()).model").path
  }

  func models() throws -> [(any PredictiveModel, DataFrame)] {
    let df = try synthetic(n: 400, seed: 21)
    let fx = try readCSV(path: fixturePath("regression_fixture.csv"))
    let f = try Formula(parsing: "y ~ x1 + x2 + noise + color")
    var rf = RandomForestOptions()
    rf.trees = 5
    var gb = GradientBoostingOptions()
    gb.rounds = 10
    var dropMissing = LogisticRegressionOptions()
    dropMissing.missing = .dropRows
    return [
      (try LogisticRegression.fit(Formula(parsing: "y ~ x1 + x2 + grp + flag"), on: fx), fx),
      (
        try LinearRegression.fit(
          Formula(parsing: "yc ~ x1 + x2 + grp"), on: fx,
          options: LinearRegressionOptions(covariance: .hc3)), fx
      ),
      (try LogisticRegression.fit(f, on: df, options: dropMissing), df),
      (try RandomForest.fitTree(f, on: df, options: rf), df),
      (try RandomForest.fit(f, on: df, options: rf), df),
      (try GradientBoosting.fit(f, on: df, options: gb), df),
    ]
  }

  func bits(_ a: [Double]) -> [UInt64] { a.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern } }

  @Test func loadedModelsPredictBitForBit() throws {
    for (m, df) in try models() {
      let path = tempPath(m.kind.rawValue)
      defer { try? FileManager.default.removeItem(atPath: path) }
      try m.save(to: path)
      // A container of kind "model", with the trees in their own section for tree models only.
      #expect(ObjectContainer.peekKind(path) == "model")
      let c = try ObjectContainer.read(from: path)
      #expect(
        c.sections.map(\.name) == ["model_kind", "parameters"]
          + (m is LogisticRegression || m is LinearRegression ? [] : ["trees"]))
      let back = try ModelFile.load(from: path)
      #expect(back.kind == m.kind)
      #expect(bits(try back.predict(df)) == bits(try m.predict(df)), "\(m.kind)")
      #expect(back.design == m.design)
      // Saving again gives identical bytes.
      #expect(try ModelFile.encode(back) == ModelFile.encode(m))
    }
  }

  @Test func treeModelsKeepTheirTreesAndReports() throws {
    for (m, _) in try models().suffix(3) {
      let back = try ModelFile.decode(try ModelFile.encode(m))
      if let a = m as? RandomForest, let b = back as? RandomForest {
        #expect(a.trees == b.trees && a.binner == b.binner && a.options == b.options)
        #expect(a.impurityImportance.map(\.importance) == b.impurityImportance.map(\.importance))
      } else if let a = m as? GradientBoosting, let b = back as? GradientBoosting {
        #expect(a.trees == b.trees && a.binner == b.binner && a.initialScore.bitPattern == b.initialScore.bitPattern)
      } else {
        Issue.record("\(m.kind) did not load as its own type")
      }
    }
  }

  /// JSON model files written by main at 91e100e (before the container; Fixtures/legacy/make_legacy_fixtures.churn)
  /// still load and predict, bit for bit, what that churn predicted; saved again they become containers that
  /// predict the same.
  @Test func jsonModelFilesOfEarlierChurnsStillLoad() throws {
    let df = try readCSV(path: fixturePath("legacy/data.csv"))
    let recorded = try readCSV(path: fixturePath("legacy/model_predictions.csv"))
    for kind in ["logit", "ols", "tree", "forest", "gbm"] {
      let path = fixturePath("legacy/model_\(kind).json")
      #expect(ObjectContainer.peekKind(path) == nil)
      let m = try ModelFile.load(from: path)
      #expect(m.kind.rawValue == kind)
      let expected = try #require(recorded[kind]?.doubles())
      #expect(bits(try m.predict(df)) == bits(expected), "\(kind)")
      let again = try ModelFile.decode(try ModelFile.encode(m), name: "again")
      #expect(bits(try again.predict(df)) == bits(try m.predict(df)), "\(kind) saved again")
    }
  }

  func message(_ bytes: [UInt8]) -> String {
    do {
      _ = try ModelFile.decode(bytes, name: "m.model")
      return "loaded"
    } catch { return "\(error)" }
  }

  @Test func truncatedCorruptedNewerAndForeignFilesGiveAMessageEach() throws {
    let m = try models()[5].0
    let good = try ModelFile.encode(m)
    #expect(message([]).contains("empty"))
    #expect(message(Array(good.prefix(good.count - 7))).hasPrefix("'m.model' is truncated"))
    #expect(message(Array(good.prefix(12))).hasPrefix("'m.model' is truncated (the header is cut short)"))
    var flipped = good
    flipped[good.count / 2] ^= 0x08
    #expect(message(flipped) == "'m.model' is corrupted (checksum mismatch); copy or save it again")
    #expect(message(good + [0]).contains("unexpected bytes after the end"))
    // A newer container format, and a newer model section layout.
    var newerContainer = good
    newerContainer[8] = 9
    #expect(message(newerContainer).contains("newer churn (container format version 9"))
    var c = try ObjectContainer.decode(good)
    c.kindVersion = 4
    #expect(message(c.encoded()).contains("newer churn (model format version 4; this build reads up to 2)"))
    // Another kind of saved object.
    let forest = ObjectContainer(kind: "causal_forest", kindVersion: 1, sections: [.init(name: "options", bytes: [])])
    #expect(message(forest.encoded()) == "'m.model' holds a causal_forest, not a model")
    // A container whose model kind is unknown, or whose trees are cut short.
    var unknown = try ObjectContainer.decode(good)
    unknown.sections[0].bytes = Array("neural".utf8)
    #expect(message(unknown.encoded()).contains("unknown model kind 'neural'"))
    var cut = try ObjectContainer.decode(good)
    cut.sections[2].bytes.removeLast(5)
    #expect(message(cut.encoded()).contains("is damaged: its trees cannot be read"))
    var missing = try ObjectContainer.decode(good)
    missing.sections.removeLast()
    #expect(message(missing.encoded()) == "'m.model' is damaged: its 'trees' section is missing")
    // Old JSON files: not JSON at all, or a newer JSON version.
    #expect(message(Array("hello".utf8)).contains("neither a churn saved-object file (CHURNOBJ) nor valid JSON"))
    #expect(message(Array("{\"format\":\"churn-model\",\"version\":7,\"kind\":\"gbm\"}".utf8)).contains("newer churn"))
    #expect(message(Array("{\"hello\": 1}".utf8)).contains("not a churn model file"))
    #expect(throws: ModelError.self) { try ModelFile.load(from: "/nonexistent/dir/model.model") }
  }

  @Test func damagedJSONModelFilesNameTheField() throws {
    let text = String(decoding: try ObjectContainer.readFile(fixturePath("legacy/model_logit.json")), as: UTF8.self)
    let damaged = text.replacingOccurrences(of: "\"coefficients\"", with: "\"coefficientz\"")
    #expect(message(Array(damaged.utf8)).contains("is damaged: missing 'coefficients'"))
    let unknown = text.replacingOccurrences(of: "\"kind\":\"logit\"", with: "\"kind\":\"neural\"")
    #expect(message(Array(unknown.utf8)).contains("unknown model kind 'neural'"))
  }

  @Test func tamperedTreeIsRejected() throws {
    let df = try synthetic(n: 200, seed: 22)
    var o = RandomForestOptions()
    o.trees = 1
    let m = try RandomForest.fit(Formula(parsing: "y ~ x1 + x2"), on: df, options: o)
    var trees = m.trees
    trees[0].left[0] = 0  // the root's left child points at itself
    var c = try ModelFile.container(m)
    c.sections[2].bytes = TreeCoding.encode(trees)
    #expect(message(c.encoded()).contains("tree 1, node 0 points outside the tree"))
    trees = m.trees
    trees[0].values.removeLast()
    c.sections[2].bytes = TreeCoding.encode(trees)
    #expect(message(c.encoded()).contains("tree 1 has inconsistent node arrays"))
  }
}
