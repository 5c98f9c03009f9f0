import Foundation

/// The kind of document a `--report` path asks for, by its extension.
public enum NotebookFormat: Sendable {
  /// Self-contained HTML (`.html`, `.htm`).
  case html
  /// GitHub-flavoured Markdown (`.md`, `.markdown`).
  case markdown

  /// The format for `path`, or nil when its extension is neither HTML nor Markdown.
  public init?(path: String) {
    let lower = path.lowercased()
    if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
      self = .html
    } else if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") {
      self = .markdown
    } else {
      return nil
    }
  }

  /// The document rendered in this format.
  public func render(_ doc: NotebookDocument) -> String {
    switch self {
    case .html: return renderNotebookHTML(doc)
    case .markdown: return renderNotebookMarkdown(doc)
    }
  }
}

/// Writes `text` to `path` (UTF-8, replacing the file); nil on success, else the reason in plain words.
public func writeTextFile(_ text: String, to path: String) -> String? {
  do {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return nil
  } catch {
    return "cannot write '\(path)': \(fileWriteProblem(path))"
  }
}
