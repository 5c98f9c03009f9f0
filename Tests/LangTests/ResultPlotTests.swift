import Foundation
import Testing

@testable import Lang

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `plot` with no columns draws a result frame by its shape, in the terminal and as SVG.
@Suite("Plots of results")
struct ResultPlotTests {
  /// Runs `code` with `r` bound to `df`; returns the last value.
  func value(_ df: DataFrame, _ code: String) throws -> Value? {
    let interp = Interpreter()
    interp.output = { _ in }
    interp.define("r", .frame(df))
    let source = SourceFile(name: "t", text: code)
    var last: Value? = nil
    for s in try interp.parse(source).statements { last = try interp.execute(s, in: source) }
    return last
  }

  func plot(_ df: DataFrame, _ code: String = "r |> plot") throws -> PlotObject {
    guard case .object(let o)? = try value(df, code), let p = o as? PlotObject else {
      throw LangError("not a plot")
    }
    return p
  }

  /// Elements of an SVG document by name, counted with Foundation's XML parser (which also checks it parses).
  final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) { counts[name, default: 0] += 1 }
  }

  func svgCounts(_ svg: String) -> [String: Int]? {
    let parser = XMLParser(data: Data(svg.utf8))
    let counter = ElementCounter()
    parser.delegate = counter
    return parser.parse() ? counter.counts : nil
  }

  var roc: DataFrame {
    get throws {
      try DataFrame(columns: [
        Column(name: "threshold", floats: [1, 0.7, 0.4, 0.1, 0]),
        Column(name: "fpr", floats: [0, 0.1, 0.3, 0.6, 1]),
        Column(name: "tpr", floats: [0, 0.5, 0.8, 0.95, 1]),
      ])
    }
  }

  @Test func rocFrameDrawsACurveWithTheDiagonal() throws {
    let p = try plot(roc)
    guard case .line(let spec) = p.kind else {
      Issue.record("not a line plot")
      return
    }
    #expect(spec.series.count == 1)
    #expect(spec.diagonal)
    #expect(spec.title == "ROC curve")
    let counts = try #require(svgCounts(p.svg))
    #expect(counts["polyline"] == 1, "one series")
    // Axes: two axis lines plus tick marks and the dashed diagonal are <line>s; the labels are <text>.
    #expect((counts["line"] ?? 0) >= 3)
    #expect(p.svg.contains(">false positive rate</text>"))
    #expect(p.svg.contains(">true positive rate</text>"))
  }

  /// The terminal drawing at a fixed width (golden text; regenerate by printing `p.text` after an intended change).
  @Test func rocTextGolden() throws {
    let p = try plot(roc, "r |> plot width: 40, height: 6, ascii: true")
    #expect(p.text == Self.rocGolden, "\n\(p.text)")
    #expect(p.text.unicodeScalars.allSatisfy { $0.isASCII })
  }

  static let rocGolden = """
    ROC curve
      ^ true positive rate
    1 +                 ********************
      |        *********         .......
      |    ****          ........
      |  **       .......
      | *  .......
    0 +*...
      ++-----------------+-----------------+
       0                0.5                1
              false positive rate ->
    . y = x
    """

  @Test func calibrationGainImportanceEffectsAndOverlap() throws {
    let cal = try DataFrame(columns: [
      Column(name: "mean_predicted", floats: [0.1, 0.3, 0.6]),
      Column(name: "observed_rate", floats: [0.12, 0.28, 0.65]),
      Column(name: "ci_low", floats: [0.08, 0.22, 0.58]),
      Column(name: "ci_high", floats: [0.16, 0.34, 0.71]),
    ])
    if case .line(let s) = try plot(cal).kind {
      #expect(s.series.count == 3 && s.diagonal)
    } else {
      Issue.record("calibration")
    }
    let imp = try DataFrame(columns: [
      Column(name: "feature", strings: ["tenure", "Contract"]),
      Column(name: "importance", floats: [0.6, 0.4]),
    ])
    if case .bar(let b) = try plot(imp).kind {
      #expect(b.labels == ["tenure", "Contract"])
    } else {
      Issue.record("importance")
    }
    let fx = try DataFrame(columns: [Column(name: "effect", floats: [-0.2, -0.1, -0.15, 0.01])])
    let h = try plot(fx)
    if case .histogram(let s) = h.kind { #expect(s.series.count == 1) } else { Issue.record("effects") }
    #expect(svgCounts(h.svg) != nil)
    let ps = try DataFrame(columns: [
      Column(name: "propensity", floats: [0.2, 0.4, 0.6, 0.7]),
      Column(name: "treatment", floats: [0, 0, 1, 1]),
    ])
    if case .histogram(let s) = try plot(ps).kind {
      #expect(s.series.map(\.label) == ["control", "treated"])
      #expect(s.series.map(\.values.count) == [2, 2])
    } else {
      Issue.record("overlap")
    }
  }

  @Test func unknownShapeExplainsWhatItDraws() throws {
    let df = try DataFrame(columns: [Column(name: "a", floats: [1, 2])])
    #expect(throws: LangError.self) { try value(df, "r |> plot") }
    do { _ = try value(df, "r |> plot") } catch let e as LangError {
      #expect(e.message.contains("plot needs an x and a y column"))
      #expect(e.message.contains("roc (fpr, tpr)"))
    }
  }
}
