import Foundation
import Frame
import Testing

/// Formula parsing and formula -> design matrix (these live in Frame; tested here with the models).
@Suite struct DesignTests {
  func frame() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "y", strings: ["Yes", "No", "No", "Yes", "No", "Yes"]),
      Column(name: "tenure", floats: [1, 5, 10, 2, 40, 3]),
      Column(name: "Contract", strings: ["M", "One", "Two", "M", "Two", "M"]),
      Column(name: "senior", bools: [true, false, false, true, false, false]),
      Column(name: "id", ints: [1, 2, 3, 4, 5, 6]),
    ])
  }

  @Test func parsesFormulas() throws {
    let f = try Formula(parsing: "y ~ t | x1 + `odd name` + x.2")
    #expect(f.outcome == "y")
    #expect(f.treatment == "t")
    #expect(f.terms == ["x1", "odd name", "x.2"])
    let g = try Formula(parsing: "churned ~ . - customerID")
    #expect(g.terms == ["."])
    #expect(g.excluded == ["customerID"])
    #expect(g.description == "churned ~ . - customerID")
    #expect(throws: FrameError.self) { try Formula(parsing: "y x") }
    #expect(throws: FrameError.self) { try Formula(parsing: "y ~ a + + b") }
    #expect(throws: FrameError.self) { try Formula(parsing: "y ~ a b") }
    #expect(throws: FrameError.self) { try Formula(parsing: "y ~ ") }
  }

  @Test func dotExpandsAndUnknownColumnSuggests() throws {
    let df = try frame()
    let f = try Formula(parsing: "y ~ . - id")
    #expect(try f.resolvedTerms(in: df) == ["tenure", "Contract", "senior"])
    do {
      _ = try Formula(parsing: "y ~ tenur").resolvedTerms(in: df)
      Issue.record("expected an error")
    } catch let e as FrameError {
      #expect(e.description.contains("did you mean 'tenure'"))
    }
  }

  @Test func dummiesWithReferenceLevelAndIntercept() throws {
    let df = try frame()
    let spec = try DesignSpec.fit(
      Formula(parsing: "y ~ tenure + Contract + senior"), on: df, outcome: .binary,
      options: .linear)
    #expect(spec.columnNames == ["(Intercept)", "tenure", "ContractOne", "ContractTwo", "senior"])
    #expect(spec.outcome?.levels == BinaryLevels(negative: "No", positive: "Yes"))
    let d = try spec.data(df)
    #expect(d.y == [1, 0, 0, 1, 0, 1])
    #expect(Array(d.x.column(2)) == [0, 1, 0, 0, 0, 0])
    #expect(Array(d.x.column(3)) == [0, 0, 1, 0, 1, 0])
    #expect(Array(d.x.column(4)) == [1, 0, 0, 1, 0, 0])
  }

  @Test func codesForTreesAndCodableRoundTrip() throws {
    let df = try frame()
    let spec = try DesignSpec.fit(Formula(parsing: "y ~ Contract + tenure"), on: df, outcome: .binary, options: .tree)
    #expect(spec.featureKinds == [.categorical(levels: 3), .numeric])
    let data = try JSONEncoder().encode(spec)
    let back = try JSONDecoder().decode(DesignSpec.self, from: data)
    #expect(back == spec)
    let x = try back.transform(df)
    #expect(Array(x.column(0)) == [0, 1, 2, 0, 2, 0])
  }

  @Test func unseenLevelsErrorOrWarn() throws {
    let df = try frame()
    let newDF = try DataFrame(columns: [
      Column(name: "tenure", floats: [1, 2]), Column(name: "Contract", strings: ["M", "Weekly"]),
      Column(name: "senior", bools: [true, false]),
    ])
    let f = try Formula(parsing: "y ~ tenure + Contract")
    let lin = try DesignSpec.fit(f, on: df, outcome: .binary, options: .linear)
    #expect(throws: DesignError.self) { try lin.transform(newDF) }
    let tree = try DesignSpec.fit(f, on: df, outcome: .binary, options: .tree)
    let x = try tree.transform(newDF)
    #expect(x[1, 1].isNaN)
    #expect(x.warnings.count == 1)
    var opts = DesignOptions.linear
    opts.unseenLevels = .ignore
    let lin2 = try DesignSpec.fit(f, on: df, outcome: .binary, options: opts)
    let x2 = try lin2.transform(newDF)
    #expect(x2[1, 2] == 0 && x2[1, 3] == 0)
  }

  @Test func missingValuePolicies() throws {
    let df = try DataFrame(columns: [
      Column(name: "y", floats: [1, 0, 1, 0]),
      Column(name: "a", floats: [1, .nan, 3, 4]),
      Column(name: "b", floats: [1, 2, 5, 3]),
    ])
    let f = try Formula(parsing: "y ~ a + b")
    do {
      _ = try DesignSpec.fit(f, on: df, outcome: .binary, options: .linear)
      Issue.record("expected an error")
    } catch let e as DesignError {
      #expect(e.description.contains("'a' (1 row)"))
      #expect(e.description.contains("coalesce") && e.description.contains("drop_rows"))
    }
    var drop = DesignOptions.linear
    drop.missing = .dropRows
    let d = try DesignSpec.fit(f, on: df, outcome: .binary, options: drop).data(df)
    #expect(d.x.rows == [0, 2, 3])
    #expect(d.y == [1, 1, 0])
    let k = try DesignSpec.fit(f, on: df, outcome: .binary, options: .tree).data(df)
    #expect(k.x[1, 0].isNaN)
  }

  @Test func badColumnsAreNamed() throws {
    let df = try DataFrame(columns: [
      Column(name: "y", ints: [1, 2, 3, 1]),
      Column(name: "c", floats: [2, 2, 2, 2]),
      Column(name: "m", floats: [Double?.none, nil, nil, nil]),
      Column(name: "inf", floats: [1, .infinity, 2, 3]),
      Column(name: "g", floats: [1, 2, 3, 4]),
    ])
    func message(_ s: String, _ kind: OutcomeKind) -> String {
      do {
        _ = try DesignSpec.fit(Formula(parsing: s), on: df, outcome: kind, options: .linear)
        return ""
      } catch {
        return "\(error)"
      }
    }
    #expect(message("y ~ c", .continuous).contains("'c' is constant"))
    #expect(message("y ~ m", .continuous).contains("'m' has no values"))
    #expect(message("y ~ inf", .continuous).contains("infinite"))
    #expect(message("y ~ g", .binary).contains("1, 2, 3"))
    let empty = try DataFrame(columns: [Column(name: "y", floats: [Double]()), Column(name: "x", floats: [Double]())])
    #expect(throws: DesignError.self) {
      try DesignSpec.fit(Formula(parsing: "y ~ x"), on: empty, outcome: .binary, options: .linear)
    }
  }
}
