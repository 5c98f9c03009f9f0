import Foundation
import Frame
import Render

/// What a plot value draws.
enum PlotKind {
  case histogram(HistogramSpec)
  case line(XYPlotSpec)
  case scatter(XYPlotSpec)
  case bar(BarPlotSpec)
  /// A forest plot: estimates with intervals by row (effects by segment, predicted vs actual by group).
  case interval(IntervalPlotSpec)
  /// A love plot: covariate balance before and after adjustment.
  case love(LovePlotSpec)

  var name: String {
    switch self {
    case .histogram: return "histogram"
    case .line: return "line"
    case .scatter: return "scatter"
    case .bar: return "bar"
    case .interval: return "forest"
    case .love: return "love"
    }
  }
}

/// A plot as a language value: prints as its terminal drawing; fields `kind`, `text`, `svg`.
struct PlotObject: LangObject {
  let kind: PlotKind
  let width: Int
  let height: Int
  let ascii: Bool
  /// The terminal drawing, rendered once.
  let text: String

  init(kind: PlotKind, width: Int, height: Int, ascii: Bool) {
    self.kind = kind
    self.width = width
    self.height = height
    self.ascii = ascii
    switch kind {
    case .histogram(let s): text = histogramPlot(s, width: width, height: height, ascii: ascii)
    case .line(let s): text = linePlot(s, width: width, height: height, ascii: ascii)
    case .scatter(let s): text = scatterPlot(s, width: width, height: height, ascii: ascii)
    case .bar(let s): text = barPlot(s, width: width, ascii: ascii)
    case .interval(let s): text = intervalPlot(s, width: width, ascii: ascii)
    case .love(let s): text = lovePlot(s, width: width, ascii: ascii)
    }
  }

  /// The standalone SVG drawing of the same data.
  var svg: String {
    switch kind {
    case .histogram(let s): return svgHistogram(s)
    case .line(let s): return svgLinePlot(s)
    case .scatter(let s): return svgScatterPlot(s)
    case .bar(let s): return svgBarPlot(s)
    case .interval(let s): return svgIntervalPlot(s)
    case .love(let s): return svgLovePlot(s)
    }
  }

  var typeName: String { "plot" }
  var fieldNames: [String] { ["kind", "text", "svg"] }
  var summaryLine: String { "plot (\(kind.name))" }
  var report: Report { Report(title: "", items: [.preformatted(text)]) }

  func field(_ name: String) -> Value? {
    switch name {
    case "kind": return .string(kind.name)
    case "text": return .string(text)
    case "svg": return .string(svg)
    default: return nil
    }
  }

  /// `{"kind": ..., "title": ..., "data": {...}, "text": <terminal drawing>}`; data holds the plotted numbers.
  var json: JSONValue {
    func nums(_ a: [Double]) -> JSONValue { .array(a.map { $0.isFinite ? .number($0) : .null }) }
    let title: String?
    let data: JSONValue
    switch kind {
    case .histogram(let s):
      title = s.title
      let hb = HistogramBins(s)
      data = .object([
        ("stat", .string(s.stat.rawValue)),
        ("edges", nums(hb.edges)),
        (
          "series",
          .array(
            s.series.indices.map { i in
              .object([
                ("label", .string(s.series[i].label)), ("n", .int(hb.n[i])), ("dropped", .int(hb.dropped[i])),
                ("counts", .array(hb.counts[i].map { .int($0) })),
              ])
            })
        ),
      ])
    case .line(let s), .scatter(let s):
      title = s.title
      data = .object([
        (
          "series",
          .array(s.series.map { .object([("label", .string($0.label)), ("x", nums($0.x)), ("y", nums($0.y))]) })
        )
      ])
    case .bar(let s):
      title = s.title
      data = .object([
        ("labels", .array(s.labels.map { .string($0) })), ("values", nums(s.values)),
        ("guides", .array(s.guides.map { .object([("label", .string($0.label)), ("value", .number($0.value))]) })),
      ])
    case .interval(let s):
      title = s.title
      data = .object([
        ("labels", .array(s.labels.map { .string($0) })), ("estimate", nums(s.estimates)),
        ("low", nums(s.low)), ("high", nums(s.high)), ("compare", s.compare.map(nums) ?? .null),
        ("reference", s.reference.map { .number($0) } ?? .null),
      ])
    case .love(let s):
      title = s.title
      data = .object([
        ("covariates", .array(s.covariates.map { .string($0) })), ("before", nums(s.before)),
        ("after", nums(s.after)), ("threshold", .number(s.threshold)),
      ])
    }
    return .object([
      ("kind", .string(kind.name)), ("title", title.map { .string($0) } ?? .null), ("data", data),
      ("text", .string(text)),
    ])
  }
}
