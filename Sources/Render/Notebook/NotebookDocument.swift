import Frame

/// A notebook-style report of a script run: a header, then prose blocks and code cells in script order.
///
/// Built by the language's notebook runner (which knows statements and values) and rendered here as
/// self-contained HTML (``renderNotebookHTML(_:)``) or Markdown (``renderNotebookMarkdown(_:)``). Holds no
/// timestamps or paths beyond what the script names, so the same run gives the same bytes.
public struct NotebookDocument: Sendable {
  /// Title: the first prose heading, else the script's first comment line, else the file name.
  public var title: String
  /// The script's file name as given on the command line.
  public var sourceName: String
  /// `churn x.y.z`.
  public var version: String
  /// Script parameters with their values in this run, in declaration order.
  public var parameters: [(name: String, value: String)]
  /// Seeds written in the script (`seed: 42`), in order of first appearance, without repeats.
  public var seeds: [String]
  /// Every input file the run read, in order.
  public var inputs: [NotebookInput]
  /// Prose and code cells in script order.
  public var blocks: [NotebookBlock]
  /// True when a statement failed (the run's exit status is 1).
  public var failed: Bool

  /// A document with the given parts.
  public init(
    title: String, sourceName: String, version: String, parameters: [(name: String, value: String)] = [],
    seeds: [String] = [], inputs: [NotebookInput] = [], blocks: [NotebookBlock] = [], failed: Bool = false
  ) {
    self.title = title
    self.sourceName = sourceName
    self.version = version
    self.parameters = parameters
    self.seeds = seeds
    self.inputs = inputs
    self.blocks = blocks
    self.failed = failed
  }

  /// The headings of the prose blocks, in order, with the anchors the HTML gives them.
  public var headings: [MarkdownHeading] {
    var slugs = SlugRegistry()
    return blocks.flatMap { block -> [MarkdownHeading] in
      guard case .prose(let md) = block else { return [] }
      return markdownHeadings(md).map { h in
        MarkdownHeading(level: h.level, text: h.text, anchor: slugs.unique(h.text))
      }
    }
  }
}

/// An input file read by the script: name as written, rows read and the SHA-256 of its bytes.
public struct NotebookInput: Sendable, Equatable {
  public var path: String
  public var rows: Int
  public var sha256: String
  /// An input record.
  public init(path: String, rows: Int, sha256: String) {
    self.path = path
    self.rows = rows
    self.sha256 = sha256
  }
}

/// One block of a notebook.
public enum NotebookBlock: Sendable {
  /// Markdown prose (from `#'` lines).
  case prose(String)
  /// A code cell and what it printed.
  case cell(NotebookCell)
}

/// A code cell: source lines (plain `#` comments included), the line it starts on, and its outputs.
public struct NotebookCell: Sendable {
  public var source: String
  public var firstLine: Int
  public var outputs: [NotebookOutput]
  /// False for cells after a failed statement (shown, not run).
  public var ran: Bool
  /// A cell.
  public init(source: String, firstLine: Int, outputs: [NotebookOutput] = [], ran: Bool = true) {
    self.source = source
    self.firstLine = firstLine
    self.outputs = outputs
    self.ran = ran
  }
}

/// One output of a cell.
public enum NotebookOutput: Sendable {
  /// Printed text (`print`, scalars, lists, help).
  case text(String)
  /// A result that describes itself (model, estimate, diagnostics).
  case report(Report)
  /// A data frame (shown with head and tail).
  case table(DataFrame, note: String?)
  /// A plot: its standalone SVG (used in HTML) and its terminal drawing (used in Markdown).
  case plot(svg: String, text: String)
  /// A warning, rendered with its location and caret.
  case warning(String)
  /// The error that stopped the run, rendered with its location and caret.
  case error(String)
}
