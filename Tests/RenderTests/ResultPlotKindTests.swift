import Foundation
import Render
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The plot kinds of results: forest plots of estimates with intervals, bars with threshold lines (drift)
/// and overlaid histograms, each in the terminal and as SVG.
@Suite("Forest plots, threshold bars and overlaid histograms")
struct ResultPlotKindTests {
  /// Elements of an SVG document by name (the parser also checks that it is well-formed XML).
  final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    private var inText = false
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      counts[name, default: 0] += 1
      inText = name == "text"
      if inText { texts.append("") }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { texts[texts.count - 1] += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      inText = false
    }
  }

  func parse(_ svg: String) -> ElementCounter? {
    let parser = XMLParser(data: Data(svg.utf8))
    let counter = ElementCounter()
    parser.delegate = counter
    return parser.parse() ? counter : nil
  }

  /// Three segments' effects (the second with its forest mean) and one row with no interval.
  var segments: IntervalPlotSpec {
    IntervalPlotSpec(
      labels: ["tenure [0, 12]", "tenure (12, 40]", "tenure (40, 72]", "unknown"],
      estimates: [-0.08, -0.04, 0.01, .nan], low: [-0.12, -0.07, -0.02, .nan],
      high: [-0.04, -0.01, 0.04, .nan], compare: [-0.07, -0.05, 0.0, .nan],
      title: "Effect by segment", xLabel: "effect on churn", estimateLabel: "AIPW",
      intervalLabel: "CI", compareLabel: "forest mean")
  }

  @Test func forestPlotTextHasOneRowPerSegmentAxisAndLegend() {
    let text = intervalPlot(segments, width: 72)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines[0] == "Effect by segment")
    #expect(lines[1].hasSuffix("AIPW  CI"), "column headings: \(lines[1])")
    // Rows 2...5: one per segment, each with its interval ends, the estimate and the forest mean.
    for i in 0..<3 {
      let row = lines[2 + i]
      #expect(row.hasPrefix(segments.labels[i]), "\(row)")
      #expect(row.contains("●") && row.contains("├") && row.contains("┤"), "\(row)")
    }
    #expect(lines[3].contains("○"), "the forest mean is drawn where it differs from the estimate: \(lines[3])")
    #expect(!lines[5].contains("●") && !lines[5].contains("├"), "no marker without values: \(lines[5])")
    #expect(lines[2].hasSuffix("-0.08  [-0.12, -0.04]"), "\(lines[2])")
    #expect(lines[6].contains("└") && lines[6].contains("┬"), "x axis: \(lines[6])")
    #expect(lines[7].contains("0"), "tick labels: \(lines[7])")
    #expect(lines[8].contains("effect on churn →"))
    #expect(lines[9] == "● AIPW   ├─┤ CI   ○ forest mean   ┊ 0")
    #expect(lines.allSatisfy { displayWidth($0) <= 72 }, "\(text)")
    // The zero line runs through every row whose interval does not cover it.
    #expect(lines[2].contains("┊") && lines[5].contains("┊"))
  }

  @Test func forestPlotFitsTheWidthAndHasAnASCIIForm() {
    for width in [40, 60, 100] {
      let text = intervalPlot(segments, width: width)
      #expect(text.split(separator: "\n").allSatisfy { displayWidth(String($0)) <= width }, "width \(width):\n\(text)")
    }
    let ascii = intervalPlot(segments, width: 60, ascii: true)
    #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII }, "\(ascii)")
    #expect(ascii.contains("*") && ascii.contains("|-"))
    #expect(ascii.hasSuffix("* AIPW   |-| CI   o forest mean   : 0"))
  }

  @Test func forestPlotSVGHasRowsIntervalsAndLegend() throws {
    let doc = try #require(parse(svgIntervalPlot(segments)))
    // Filled estimate + open forest-mean circle for the three complete rows.
    #expect(doc.counts["circle"] == 6)
    for label in segments.labels { #expect(doc.texts.contains(label), "row label \(label)") }
    #expect(doc.texts.contains("AIPW with CI"))
    #expect(doc.texts.contains("forest mean"))
    #expect(doc.texts.contains("reference 0"))
    #expect(doc.texts.contains("effect on churn"))
    #expect(doc.texts.contains("Effect by segment"))
    // Three intervals of three lines each (bar and two caps) at least, plus grid, axis and legend lines.
    #expect((doc.counts["line"] ?? 0) >= 9)
  }

  var drift: BarPlotSpec {
    BarPlotSpec(
      labels: ["MonthlyCharges (drift)", "tenure (watch)", "Contract (ok)"], values: [0.4, 0.12, 0.01],
      title: "PSI", valueLabel: "PSI",
      guides: [PlotGuide(0.1, label: "watch: PSI"), PlotGuide(0.25, label: "drift: PSI")])
  }

  @Test func barGuidesAreDrawnBeyondTheBarsWithALegend() {
    let text = barPlot(drift, width: 60)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.count == 5, "\(text)")
    #expect(lines.last == "┊ watch: PSI = 0.1   ┋ drift: PSI = 0.25")
    // A guide shows beyond a bar that does not reach it: 0.12 passes the 0.1 line, 0.01 reaches neither.
    #expect(!lines[2].contains("┊") && lines[2].contains("┋"), "\(lines[2])")
    #expect(lines[3].contains("┊") && lines[3].contains("┋"), "\(lines[3])")
    #expect(!lines[1].contains("┊") && !lines[1].contains("┋"), "\(lines[1])")
    // The guide sits at its value's share of the bar area: 0.25 of 0.4 is further right than 0.1.
    let row = lines[3]
    let watchAt = row.firstIndex(of: "┊"), driftAt = row.firstIndex(of: "┋")
    #expect(watchAt != nil && driftAt != nil)
    if let watchAt, let driftAt { #expect(watchAt < driftAt) }
    #expect(lines.allSatisfy { displayWidth($0) <= 60 })
    let ascii = barPlot(drift, width: 60, ascii: true)
    #expect(
      ascii.unicodeScalars.allSatisfy { $0.isASCII } && ascii.hasSuffix(": watch: PSI = 0.1   ! drift: PSI = 0.25"))
  }

  @Test func barGuidesInSVGAreDashedLinesInTheLegend() throws {
    let svg = svgBarPlot(drift)
    let doc = try #require(parse(svg))
    #expect(doc.counts["rect"] == 4, "background + 3 bars")
    #expect(doc.texts.contains("watch: PSI = 0.1") && doc.texts.contains("drift: PSI = 0.25"))
    // Two legend swatches and two guide lines are dashed.
    #expect(svg.components(separatedBy: "stroke-dasharray").count - 1 == 4)
  }

  @Test func overlaidHistogramDrawsEachGroupInOnePanel() {
    var spec = HistogramSpec(
      series: [
        ValueSeries(label: "Churn = No", values: [1, 2, 2, 5, 9, 9, 9]),
        ValueSeries(label: "Churn = Yes", values: [1, 1, 1, 3]),
      ],
      bins: 4, stat: .proportion, title: "tenure by Churn", xLabel: "tenure", overlay: true)
    let text = histogramPlot(spec, width: 30, height: 4)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines[0] == "tenure by Churn")
    #expect(lines.filter { $0.contains("(n=") }.count == 2, "legend entries, no panel headers:\n\(text)")
    #expect(Array(lines.suffix(2)) == ["● Churn = No (n=7)", "○ Churn = Yes (n=4)"], "the legend wraps at 30 columns")
    #expect(lines.filter { $0.contains("└") }.count == 1, "one panel:\n\(text)")
    #expect(text.contains("●") && text.contains("○"))
    #expect(lines.contains("(bars show proportion)"))
    #expect(lines.allSatisfy { displayWidth($0) <= 30 }, "\(text)")
    // Yes has 3 of its 4 values in the first bin, the tallest bar: its marker is on the top row.
    #expect(lines[1].contains("○"), "\(text)")
    spec.overlay = false
    #expect(histogramPlot(spec, width: 30, height: 4).contains("Churn = Yes (n=4)\n"), "panels keep their headers")
    let ascii = histogramPlot(
      HistogramSpec(series: spec.series, bins: 4, overlay: true), width: 30, height: 4, ascii: true)
    #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII } && ascii.contains("*") && ascii.contains("o"))
  }

  @Test func sameSpecGivesTheSameBytes() {
    #expect(svgIntervalPlot(segments) == svgIntervalPlot(segments))
    #expect(intervalPlot(segments) == intervalPlot(segments))
    #expect(svgBarPlot(drift) == svgBarPlot(drift))
  }
}
