import Render
import Testing

@Suite("Terminal and SVG plots")
struct PlotTests {
  let fpr: [Double] = (0...20).map { Double($0) / 20 }
  var tpr: [Double] { fpr.map { $0.squareRoot() } }

  @Test func histogramGolden() {
    let s = histogramPlot(
      series: [("No", [1, 2, 2, 5, 9]), ("Yes", [1, 1, 3])], bins: 4, width: 20, height: 3,
      title: "tenure")
    let expected = """
      tenure
      No (n=5)
        │████
      2 ┤████
        │████    ████████
      0 └──┬───┬───┬───┬─
      Yes (n=3)
        │
      2 ┤████
        │████████
      0 └──┬───┬───┬───┬─
           2   4   6   8
      """
    #expect(s == expected)
  }

  @Test func histogramBinsMatchNumpy() {
    // numpy.histogram([1, 2, 2, 5, 9], bins=4) -> counts [3, 0, 1, 1], edges [1, 3, 5, 7, 9]
    let hb = HistogramBins(HistogramSpec(series: [ValueSeries(label: "", values: [1, 2, 2, 5, 9, .nan])], bins: 4))
    #expect(hb.edges == [1, 3, 5, 7, 9])
    #expect(hb.counts == [[3, 0, 1, 1]])
    #expect(hb.dropped == [1])
    #expect(hb.heights(0, stat: .proportion) == [0.6, 0, 0.2, 0.2])
    #expect(hb.heights(0, stat: .density) == [0.3, 0, 0.1, 0.1])
  }

  @Test func histogramASCIIIsASCII() {
    let s = histogramPlot(series: [("a", [1, 2, 3, 3, 3, 10])], bins: 5, width: 40, height: 5, ascii: true)
    #expect(s.unicodeScalars.allSatisfy { $0.isASCII })
  }

  @Test func plotsAreDeterministicAndFitTheirSize() {
    let a = histogramPlot(series: [("x", fpr), ("y", tpr)], bins: 10, width: 50, height: 6)
    #expect(a == histogramPlot(series: [("x", fpr), ("y", tpr)], bins: 10, width: 50, height: 6))
    let l = linePlot(
      series: [("model", fpr, tpr)], width: 50, height: 10, title: "ROC", xLabel: "FPR", yLabel: "TPR",
      diagonal: true)
    #expect(
      l
        == linePlot(
          series: [("model", fpr, tpr)], width: 50, height: 10, title: "ROC", xLabel: "FPR",
          yLabel: "TPR", diagonal: true))
    let lines = l.split(separator: "\n", omittingEmptySubsequences: false)
    // title, y label, 10 rows, axis, tick labels, x label, legend
    #expect(lines.count == 16)
    for line in lines { #expect(displayWidth(String(line)) <= 50) }
    #expect(l.contains("● model"))
    #expect(l.contains("· y = x"))
    for p in [
      a, scatterPlot(x: fpr, y: tpr, width: 50, height: 10), barPlot(labels: ["a", "b"], values: [1, 2], width: 50),
    ] {
      for line in p.split(separator: "\n") { #expect(displayWidth(String(line)) <= 50) }
    }
  }

  @Test func linePlotCornersLandOnCorners() {
    let s = linePlot(series: [("", [0, 1], [0, 1])], width: 30, height: 5, ascii: true)
    let rows = s.split(separator: "\n").map(String.init)
    #expect(rows[0].hasPrefix("1 +") && rows[0].hasSuffix("*"))
    #expect(rows[4].hasPrefix("0 +*"))
  }

  @Test func scatterMajorityAndDensity() {
    // Two series in the same cell: the one with more points there wins the cell.
    let s = scatterPlot(
      series: [("a", [0, 1], [0, 1]), ("b", [0, 0, 1], [0, 0, 1])], width: 20, height: 4, ascii: true)
    let rows = s.split(separator: "\n").map(String.init)
    #expect(rows[3].hasPrefix("0 +o"))  // b has two points at (0, 0)
    #expect(rows[0].hasSuffix("*"))  // a tie at (1, 1) goes to the earlier series
    // One series with many points is shaded by density and says so.
    let xs = (0..<400).map { Double($0 % 20) }, ys = (0..<400).map { Double($0 % 7) }
    let d = scatterPlot(x: xs, y: ys, width: 30, height: 6)
    #expect(d.contains("(░ ▒ ▓ █ = more points)"))
  }

  @Test func barPlotGolden() {
    let s = barPlot(labels: ["Month-to-month", "One year", "Two year"], values: [0.4, 0.1, 0.025], width: 40)
    #expect(
      s == """
        Month-to-month  █████████████████    0.4
        One year        ████▎                0.1
        Two year        █▏                 0.025
        """)
    let neg = barPlot(labels: ["a", "b"], values: [-1, 2], width: 24, ascii: true)
    #expect(neg == "a  #####|             -1\nb       |##########    2")
  }

  @Test func lovePlotShowsGuideAndValues() {
    let s = lovePlot(covariates: ["tenure", "charges"], before: [-0.5, 0.2], after: [0.05, 0.01], width: 60)
    #expect(s.contains("┊"))
    #expect(s.contains("○ before   ● after   ┊ |SMD| = 0.1"))
    let rows = s.split(separator: "\n").map(String.init)
    #expect(rows[2].hasPrefix("tenure  │") && rows[2].hasSuffix("0.5   0.05"))
  }

  @Test func degenerateInputsDoNotTrap() {
    _ = histogramPlot(series: [], bins: 10, width: 40, height: 5)
    _ = histogramPlot(series: [("c", [3, 3, 3])], bins: 0, width: 2, height: 0)
    _ = histogramPlot(series: [("nan", [.nan, .infinity])], bins: 1_000_000, width: 10_000, height: 10_000)
    _ = linePlot(series: [("", [], [])], width: 1, height: 1)
    _ = linePlot(series: [("", [1, .nan, 2], [1, 2])], width: 20, height: 4)
    _ = scatterPlot(x: [5], y: [5], width: 20, height: 4)
    _ = barPlot(labels: [], values: [])
    _ = barPlot(labels: ["x"], values: [.nan, 1])
    _ = lovePlot(covariates: ["a"], before: [.nan], after: [.infinity])
    _ = svgHistogram(series: [("", [])])
    _ = svgLinePlot(series: [("", [.nan], [1])])
    _ = svgBarPlot(labels: ["a"], values: [0])
    _ = svgLovePlot(covariates: [], before: [], after: [])
  }

  @Test func ticksAreNice() {
    #expect(niceScale(lo: 0, hi: 1, count: 6).ticks == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
    #expect(niceScale(lo: 3, hi: 97, count: 5).ticks == [0, 20, 40, 60, 80, 100])
    #expect(niceScale(lo: 1, hi: 9, count: 2, extend: false).ticks == [2, 4, 6, 8])
    #expect(niceScale(lo: 5, hi: 5).lo < 5)
  }

  @Test func svgIsStandaloneAndEscaped() {
    let svg = svgLinePlot(series: [("a & <b>", fpr, tpr)], title: "ROC \"test\"", diagonal: true)
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(svg.hasSuffix("</svg>"))
    #expect(svg.contains("a &amp; &lt;b&gt;"))
    #expect(svg.contains("ROC &quot;test&quot;"))
    #expect(svg.contains("<polyline"))
    #expect(!svg.contains("href"))
    #expect(svg == svgLinePlot(series: [("a & <b>", fpr, tpr)], title: "ROC \"test\"", diagonal: true))
    let h = svgHistogram(series: [("No", [1, 2, 3]), ("Yes", [2, 3])], bins: 3, title: "t")
    #expect(h.components("<rect").count - 1 == 1 + 3 + 2)  // background + bars of No + non-empty bars of Yes
    #expect(svgBarPlot(labels: ["x"], values: [1]).contains("<rect"))
    #expect(svgLovePlot(covariates: ["x"], before: [0.3], after: [0.01]).contains("stroke-dasharray"))
    #expect(svgScatterPlot(series: [("", [1, 2], [3, 4])]).components("<circle").count - 1 == 2)
  }
}

extension String {
  fileprivate func components(_ sep: String) -> [Substring] {
    var parts: [Substring] = []
    var rest = self[...]
    while let r = rest.range(of: sep) {
      parts.append(rest[..<r.lowerBound])
      rest = rest[r.upperBound...]
    }
    parts.append(rest)
    return parts
  }
}
