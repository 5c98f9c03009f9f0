import Causal
import Frame
import Learn
import Render
import Stats

/// A library report with a type name and a few named fields.
struct ReportObject: LangObject {
  let typeName: String
  let reportable: any Reportable & Sendable
  let fields: [(String, Value)]
  var report: Report { reportable.report }
  var fieldNames: [String] { fields.map(\.0) }
  func field(_ name: String) -> Value? { fields.first { $0.0 == name }?.1 }
}

extension ReportObject {
  /// The same fields, printed as another result's report.
  func withReport(_ other: any Reportable & Sendable, typeName: String) -> ReportObject {
    ReportObject(typeName: typeName, reportable: other, fields: fields)
  }
}

/// A report that is already built.
struct StaticReport: Reportable, Sendable {
  let report: Report
}

extension ReportObject: PlotCarrying {
  /// The plot values among the fields (`plot`), which the report shows as terminal drawings.
  var carriedPlots: [PlotObject] {
    fields.compactMap { if case .object(let o) = $0.1 { return o as? PlotObject } else { return nil } }
  }
}
