import Stats

/// A structured, renderer-independent description of a result.
///
/// Library results (a model summary, an ATE, a balance table) describe themselves as a `Report`;
/// the Render module turns a report into aligned text, Markdown or JSON. Reports hold raw values —
/// numbers are formatted only when rendered, by one formatter.
public struct Report: Sendable {
  /// One block of a report.
  public enum Item: Sendable {
    /// A paragraph or note.
    case text(String)
    /// Aligned `name: value` lines (fit statistics, settings).
    case fields([Field])
    /// A table; its columns are typed so the renderer can align and format them.
    case table(DataFrame, title: String?)
    /// A point estimate with SE and CI.
    case estimate(Estimate)
    /// A warning the reader must see (poor overlap, separation, tiny groups).
    case warning(String)
    /// Pre-rendered text such as a terminal plot; printed verbatim.
    case preformatted(String)
  }

  /// A `name: value` pair of a `.fields` block.
  public struct Field: Sendable {
    public var name: String
    public var value: CellValue
    public init(_ name: String, _ value: CellValue) {
      self.name = name
      self.value = value
    }
  }

  public var title: String
  public var items: [Item]

  public init(title: String, items: [Item] = []) {
    self.title = title
    self.items = items
  }

  /// All warnings in this report.
  public var warnings: [String] {
    items.compactMap { if case .warning(let w) = $0 { return w } else { return nil } }
  }
}

/// A value that can describe itself as a `Report` (models, estimates, diagnostics).
public protocol Reportable {
  /// The structured summary printed for this value.
  var report: Report { get }
}
