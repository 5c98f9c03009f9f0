import Foundation
import Testing
import Frame
import Learn

@Suite struct PersistenceTests {
  func tempPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("churn-learn-\(name)-\(getpid()).json").path
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
      (try LinearRegression.fit(Formula(parsing: "yc ~ x1 + x2 + grp"), on: fx,
                                options: LinearRegressionOptions(covariance: .hc3)), fx),
      (try LogisticRegression.fit(f, on: df, options: dropMissing), df),
      (try RandomForest.fitTree(f, on: df, options: rf), df),
      (try RandomForest.fit(f, on: df, options: rf), df),
      (try GradientBoosting.fit(f, on: df, options: gb), df),
    ]
  }

  @Test func loadedModelsPredictBitForBit() throws {
    for (m, df) in try models() {
      let path = tempPath(m.kind.rawValue)
      defer { try? FileManager.default.removeItem(atPath: path) }
      try m.save(to: path)
      let back = try ModelFile.load(from: path)
      #expect(back.kind == m.kind)
      let a = try m.predict(df), b = try back.predict(df)
      #expect(a.count == b.count)
      #expect(zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }, "\(m.kind)")
      // Saving again gives identical bytes.
      #expect(try ModelFile.encode(back) == ModelFile.encode(m))
    }
  }

  @Test func badFilesGiveClearErrors() throws {
    let m = try models()[0].0
    let good = try ModelFile.encode(m)
    func message(_ data: Data) -> String {
      do { _ = try ModelFile.decode(data, name: "m.json"); return "" } catch { return "\(error)" }
    }
    #expect(message(Data()).contains("empty"))
    #expect(message(good.prefix(good.count / 2)).contains("not valid JSON"))
    #expect(message(Data("{\"hello\": 1}".utf8)).contains("not a churn model file"))
    let text = String(decoding: good, as: UTF8.self)
    let future = text.replacingOccurrences(of: "\"version\":1", with: "\"version\":7")
    #expect(message(Data(future.utf8)).contains("newer churn"))
    let unknown = text.replacingOccurrences(of: "\"kind\":\"logit\"", with: "\"kind\":\"neural\"")
    #expect(message(Data(unknown.utf8)).contains("unknown model kind 'neural'"))
    let damaged = text.replacingOccurrences(of: "\"coefficients\"", with: "\"coefficientz\"")
    #expect(message(Data(damaged.utf8)).contains("damaged"))
    #expect(throws: ModelError.self) { try ModelFile.load(from: "/nonexistent/dir/model.json") }
  }

  @Test func tamperedTreeIsRejected() throws {
    let df = try synthetic(n: 200, seed: 22)
    var o = RandomForestOptions()
    o.trees = 1
    let m = try RandomForest.fit(Formula(parsing: "y ~ x1 + x2"), on: df, options: o)
    var text = String(decoding: try ModelFile.encode(m), as: UTF8.self)
    // Point the root's left child at itself.
    let range = try #require(text.range(of: "\"left\":["))
    let after = text[range.upperBound...]
    let end = try #require(after.firstIndex(of: ","))
    text.replaceSubrange(range.upperBound..<end, with: "0")
    #expect(throws: ModelError.self) { try ModelFile.decode(Data(text.utf8)) }
  }
}
