/// How a script divides into notebook blocks: Markdown prose from `#'` lines and code cells of statements.
///
/// Rules (as knitr's `spin` reads R scripts):
/// - A line whose first non-blank characters are `#'` is prose; `#' ` (with one space) or `#'` is removed,
///   so `#'` alone is a blank line of prose. Consecutive prose lines form one block.
/// - Every other line (code, plain `#` comments, blank lines) belongs to the cell of the next statement,
///   so a cell shows the statement with the comments written above it. Statements that share a line
///   share a cell. Leading and trailing blank lines of a cell are dropped.
/// - Comment lines with no statement after them (before prose, or at the end) form a cell of their own,
///   which runs nothing.
struct ScriptLayout {
  /// One block of the layout.
  enum Block: Equatable {
    case prose(String)
    /// A cell: its source text, first line number (1-based), and the statement indices it runs.
    case cell(source: String, firstLine: Int, statements: [Int])
  }

  var blocks: [Block]

  /// Lays out `source` given the line ranges of its statements (1-based, inclusive, in order).
  init(text: String, statementLines: [ClosedRange<Int>]) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
    }
    // Statement groups: statements whose line ranges touch share a cell.
    var groups: [(lines: ClosedRange<Int>, statements: [Int])] = []
    for (i, r) in statementLines.enumerated() {
      if let last = groups.last, r.lowerBound <= last.lines.upperBound {
        groups[groups.count - 1] = (
          last.lines.lowerBound...max(last.lines.upperBound, r.upperBound), last.statements + [i]
        )
      } else {
        groups.append((r, [i]))
      }
    }
    var blocks: [Block] = []
    var prose: [String] = []
    var pending: [(line: Int, text: String)] = []
    func flushProse() {
      if !prose.isEmpty { blocks.append(.prose(prose.joined(separator: "\n"))) }
      prose = []
    }
    func flushCell(_ extra: [(Int, String)], statements: [Int]) {
      var body = pending + extra
      pending = []
      while let f = body.first, isBlank(f.1) { body.removeFirst() }
      while let l = body.last, isBlank(l.1) { body.removeLast() }
      guard let first = body.first else { return }
      blocks.append(.cell(source: body.map(\.1).joined(separator: "\n"), firstLine: first.0, statements: statements))
    }
    func take(_ lineNumbers: Range<Int>) {
      for n in lineNumbers where n >= 1 && n <= lines.count {
        let line = lines[n - 1]
        if let p = proseText(line) {
          if pending.contains(where: { !isBlank($0.text) }) {
            flushCell([], statements: [])
          } else if !pending.isEmpty && !prose.isEmpty {
            prose.append("")  // a blank line between prose lines keeps the paragraphs apart
          }
          pending = []
          prose.append(p)
        } else {
          if !prose.isEmpty && !isBlank(line) { flushProse() }
          pending.append((n, line))
        }
      }
    }
    var next = 1
    for g in groups {
      take(next..<g.lines.lowerBound)
      flushProse()
      let body = (g.lines.lowerBound...min(g.lines.upperBound, max(lines.count, g.lines.lowerBound))).map { n in
        (n, n <= lines.count ? lines[n - 1] : "")
      }
      flushCell(body, statements: g.statements)
      next = g.lines.upperBound + 1
    }
    take(next..<(lines.count + 1))
    flushProse()
    flushCell([], statements: [])
    self.blocks = blocks
  }
}

/// The prose of a `#'` line (without the marker and one space), or nil for any other line.
func proseText(_ line: String) -> String? {
  let t = line.drop { $0 == " " || $0 == "\t" }
  guard t.hasPrefix("#'") else { return nil }
  let rest = t.dropFirst(2)
  return String(rest.first == " " ? rest.dropFirst() : rest)
}

private func isBlank(_ s: String) -> Bool { s.allSatisfy { $0 == " " || $0 == "\t" } }
