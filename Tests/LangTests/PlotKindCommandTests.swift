import Foundation
import Testing

@testable import Lang

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The pictures of results through the language: forest plots of segment effects and of predicted vs actual
/// effects, drift bars with threshold lines, overlaid histograms, `plot` of result values, plots of library
/// reports as SVG in notebooks, and the session's plot width and ASCII setting.
@Suite("Plot kinds of results")
struct PlotKindCommandTests {
  /// The last value of `code`, run with `r` bound to `df` (when given).
  func value(_ code: String, frame df: DataFrame? = nil, interp: Interpreter = Interpreter()) throws -> Value {
    if let df { interp.define("r", .frame(df)) }
    return try eval(code, in: interp)
  }

  func plot(_ code: String, frame df: DataFrame? = nil, interp: Interpreter = Interpreter()) throws -> PlotObject {
    guard case .object(let o) = try value(code, frame: df, interp: interp), let p = o as? PlotObject else {
      throw LangError("not a plot")
    }
    return p
  }

  func svgIsXML(_ svg: String) -> Bool { XMLParser(data: Data(svg.utf8)).parse() }

  /// `effect_segments`' columns.
  var segments: DataFrame {
    get throws {
      try DataFrame(columns: [
        Column(name: "segment", strings: ["Month-to-month", "One year", "Two year"]),
        Column(name: "n", ints: [500, 300, 200]),
        Column(name: "mean_tau", floats: [-0.09, -0.03, -0.01]), Column(name: "aipw", floats: [-0.1, -0.02, 0.01]),
        Column(name: "se", floats: [0.02, 0.02, 0.03]), Column(name: "lo", floats: [-0.14, -0.06, -0.05]),
        Column(name: "hi", floats: [-0.06, 0.02, 0.07]),
      ])
    }
  }

  @Test func effectSegmentsDrawAsAForestPlot() throws {
    let p = try plot("r |> plot", frame: segments)
    guard case .interval(let spec) = p.kind else {
      Issue.record("not a forest plot: \(p.kind.name)")
      return
    }
    #expect(p.kind.name == "forest")
    #expect(spec.labels == ["Month-to-month", "One year", "Two year"])
    #expect(spec.estimates == [-0.1, -0.02, 0.01])
    #expect(spec.compare == [-0.09, -0.03, -0.01])
    #expect(p.text.split(separator: "\n").filter { $0.contains("●") }.count == 4, "3 rows + legend:\n\(p.text)")
    #expect(svgIsXML(p.svg))
    #expect(p.svg.components(separatedBy: "<circle").count - 1 == 6)
  }

  @Test func validationGroupsDrawPredictedAgainstActual() throws {
    let groups = try DataFrame(columns: [
      Column(name: "group", ints: [1, 2, 3, 4]), Column(name: "n", ints: [100, 100, 100, 100]),
      Column(name: "predicted", floats: [-0.2, -0.1, -0.05, 0]),
      Column(name: "actual", floats: [-0.18, -0.12, 0.01, 0.02]),
      Column(name: "se", floats: [0.04, 0.04, 0.04, 0.04]),
      Column(name: "ci_low", floats: [-0.26, -0.2, -0.07, -0.06]),
      Column(name: "ci_high", floats: [-0.1, -0.04, 0.09, 0.1]),
    ])
    let p = try plot("r |> plot width: 60", frame: groups)
    guard case .interval(let spec) = p.kind else {
      Issue.record("not a forest plot")
      return
    }
    #expect(spec.labels == ["group 1", "group 2", "group 3", "group 4"])
    #expect(spec.compare == [-0.2, -0.1, -0.05, 0])
    #expect(spec.estimateLabel == "actual")
    #expect(p.text.contains("○ predicted"))
    // Every line of the drawing fits; the title is printed whole (titles are not cut).
    #expect(p.text.split(separator: "\n").dropFirst().allSatisfy { displayWidth(String($0)) <= 60 }, "\(p.text)")
  }

  @Test func abTestTableDropsTheControlRow() throws {
    let ab = try DataFrame(columns: [
      Column(name: "arm", strings: ["control", "offer", "call"]), Column(name: "n", ints: [100, 100, 100]),
      Column(name: "diff", floats: [nil, -0.05, 0.01]), Column(name: "ci_low", floats: [nil, -0.09, -0.03]),
      Column(name: "ci_high", floats: [nil, -0.01, 0.05]),
    ])
    guard case .interval(let spec) = try plot("r |> plot", frame: ab).kind else {
      Issue.record("not a forest plot")
      return
    }
    #expect(spec.labels == ["offer", "call"])
    #expect(spec.estimates == [-0.05, 0.01])
  }

  @Test func driftTableDrawsPSIBarsWithThresholds() throws {
    let table = try DataFrame(columns: [
      Column(name: "feature", strings: ["MonthlyCharges", "tenure"]), Column(name: "psi", floats: [0.31, 0.02]),
      Column(name: "flag", strings: ["drift", "ok"]),
    ])
    let p = try plot("r |> plot", frame: table)
    guard case .bar(let spec) = p.kind else {
      Issue.record("not bars")
      return
    }
    #expect(spec.labels == ["MonthlyCharges (drift)", "tenure (ok)"])
    #expect(spec.guides.map(\.value) == [0.1, 0.25])
    #expect(p.text.hasSuffix("┊ watch: PSI = 0.1   ┋ drift: PSI = 0.25"), "\(p.text)")
  }

  @Test func driftResultCarriesItsPlotWithThresholdLines() throws {
    let interp = Interpreter()
    let v = try value(
      """
      let old = simulate telco n: 400, seed: 1
      let fresh = simulate telco n: 400, seed: 2
      let new = fresh |> mutate MonthlyCharges = MonthlyCharges * 1.5
      drift new against old columns: [MonthlyCharges, tenure]
      """, interp: interp)
    guard case .object(let o) = v, case .object(let p)? = o.field("plot"), let carried = p as? PlotObject else {
      Issue.record("drift has no plot field")
      return
    }
    #expect(carried.text.contains("┊ watch: PSI = 0.1   ┋ drift: PSI = 0.25"), "\(carried.text)")
    #expect(
      renderReport(interp.displayReport(of: o), style: interp.tableStyle).contains(carried.text),
      "the report shows the same drawing")
    // `plot d` draws the same picture again, here in ASCII.
    interp.define("d", v)
    let again = try plot("plot d ascii: true", interp: interp)
    #expect(again.text.unicodeScalars.allSatisfy { $0.isASCII })
    #expect(again.text.contains(": watch: PSI = 0.1"))
  }

  @Test func validateEffectsValueDrawsPredictedVsActual() throws {
    let interp = try MonitoringCommandTests().experiment()
    let v = try value(
      "validate_effects pred ~ arm on exp with outcome: churn, control: \"control\", groups: 2", interp: interp)
    interp.define("v", v)
    let p = try plot("plot v width: 64", interp: interp)
    guard case .interval(let spec) = p.kind else {
      Issue.record("not a forest plot")
      return
    }
    #expect(spec.count == 2)
    #expect(spec.compare != nil)
    #expect(p.text.contains("Predicted vs actual (experiment) effect"))
    #expect(svgIsXML(p.svg))
    let piped = try plot("v |> plot", interp: interp)
    #expect(piped.svg == p.svg, "the SVG does not depend on the terminal width")
  }

  @Test func plotOfAValueWithoutAPictureSaysWhichHaveOne() throws {
    let err =
      errorText(
        "let ps = propensity y ~ x on r\nplot ps",
        setup: { interp in
          interp.define(
            "r",
            .frame(
              try DataFrame(columns: [
                Column(name: "y", ints: [0, 1, 0, 1, 1, 0]),
                Column(name: "x", floats: [1, 2, 1.5, 3, 2.5, 0.5]),
              ])))
        }) ?? ""
    #expect(err.contains("has no picture"), "\(err)")
    #expect(err.contains("validate_effects"), "\(err)")
  }

  @Test func abTestValueDrawsItsArmsAsAForestPlot() throws {
    let interp = try MonitoringCommandTests().experiment()
    let p = try plot("ab_test churn ~ arm on exp with control: \"control\" |> plot", interp: interp)
    guard case .interval(let spec) = p.kind else {
      Issue.record("not a forest plot: \(p.kind.name)")
      return
    }
    #expect(spec.labels == ["offer"], "the control row has no difference to draw")
    #expect(spec.count == 1 && spec.low[0] < spec.estimates[0] && spec.estimates[0] < spec.high[0])
    #expect(p.text.contains("Difference from control with CI"))
  }

  @Test func histOverlayDrawsOnePanelWithALegend() throws {
    let df = try DataFrame(columns: [
      Column(name: "tenure", floats: (0..<60).map { Double($0 % 30) }),
      Column(name: "Churn", strings: (0..<60).map { $0 % 3 == 0 ? "Yes" : "No" }),
    ])
    let p = try plot("r |> hist tenure by: Churn, stat: proportion, overlay: true, bins: 6", frame: df)
    #expect(p.text.split(separator: "\n").filter { $0.contains("└") }.count == 1, "\(p.text)")
    #expect(p.text.hasSuffix("● Churn = No (n=40)   ○ Churn = Yes (n=20)"), "\(p.text)")
    let panels = try plot("r |> hist tenure by: Churn, stat: proportion, bins: 6", frame: df)
    #expect(panels.text.split(separator: "\n").filter { $0.contains("└") }.count == 2)
  }

  @Test func sessionPlotWidthAndASCIIApplyUnlessTheCommandSetsThem() throws {
    let df = try DataFrame(columns: [
      Column(name: "g", strings: ["a", "b", "c"]), Column(name: "v", floats: [3, 2, 1]),
    ])
    let plain = try plot("r |> bar g v", frame: df)
    #expect(plain.width == 72)
    let interp = Interpreter()
    interp.plotStyle = PlotStyle(columns: 40, ascii: true)
    let narrow = try plot("r |> bar g v", frame: df, interp: interp)
    #expect(narrow.width == 40 && narrow.ascii)
    #expect(narrow.text.split(separator: "\n").allSatisfy { displayWidth(String($0)) <= 40 })
    #expect(narrow.text.unicodeScalars.allSatisfy { $0.isASCII })
    let explicit = try plot("r |> bar g v width: 90, ascii: false", frame: df, interp: interp)
    #expect(explicit.width == 90 && !explicit.ascii)
    #expect(PlotStyle(columns: 300, ascii: false).width == PlotStyle.maxTerminalWidth)
    #expect(PlotStyle(columns: nil, ascii: false).width == nil)
  }

  @Test func unicodeNeedsAUTF8LocaleAndACapableTerminal() {
    #expect(PlotStyle.canShowUnicode(environment: ["LANG": "en_US.UTF-8", "TERM": "xterm-256color"]))
    #expect(PlotStyle.canShowUnicode(environment: ["LC_ALL": "C.utf8"]))
    #expect(!PlotStyle.canShowUnicode(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"]), "LC_ALL wins")
    #expect(!PlotStyle.canShowUnicode(environment: [:]), "the C locale")
    #expect(!PlotStyle.canShowUnicode(environment: ["LANG": "en_US.UTF-8", "TERM": "dumb"]))
    #expect(
      PlotStyle.canShowUnicode(environment: ["LC_ALL": "", "LANG": "de_DE.UTF-8"]), "empty variables are skipped")
  }

  @Test func balanceAndOverlapPlotsBecomeSVGInANotebook() throws {
    let interp = Interpreter()
    interp.output = { _ in }
    let recorder = NotebookRecorder(interpreter: interp)
    let source = SourceFile(
      name: "nb.churn",
      text: TableWidthTests.setup + """

        overlap ps
        balance w ~ x1 + x2 + x3 + x4 + x5 on sim with propensity: ps
        """)
    let program = try interp.parse(source)
    try recorder.run(program)
    let doc = recorder.document(source: source, program: program)
    var svgs: [String] = []
    var preformatted = 0
    for case .cell(let c) in doc.blocks {
      for o in c.outputs {
        if case .plot(let svg, _) = o { svgs.append(svg) }
        if case .report(let r) = o {
          preformatted += r.items.filter { if case .preformatted = $0 { true } else { false } }.count
        }
      }
    }
    #expect(svgs.count == 2, "overlap histogram and love plot as SVG")
    #expect(preformatted == 0, "no terminal drawing left in the reports")
    #expect(svgs.allSatisfy { svgIsXML($0) })
    #expect(svgs.contains { $0.contains("Propensity score by arm") })
    #expect(svgs.contains { $0.contains("standardized mean difference") })
  }
}
