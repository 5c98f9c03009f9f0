// The characters plots are drawn with: Unicode box drawing and block elements by default, or
// plain ASCII (`ascii: true`) for terminals and logs that cannot show them.

/// The character set of a terminal plot.
struct Glyphs {
  let ascii: Bool

  /// Vertical bar fill from 0 to 8 eighths of a cell (index 0 is blank).
  var vertical: [Character] {
    ascii ? [" ", ".", ".", ".", "#", "#", "#", "#", "#"] : [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
  }
  /// Horizontal bar fill from 0 to 8 eighths of a cell (index 0 is blank).
  var horizontal: [Character] {
    ascii ? [" ", " ", " ", " ", "#", "#", "#", "#", "#"] : [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
  }
  var full: Character { ascii ? "#" : "█" }
  var hLine: Character { ascii ? "-" : "─" }
  var vLine: Character { ascii ? "|" : "│" }
  var yTick: Character { ascii ? "+" : "┤" }
  var xTick: Character { ascii ? "+" : "┬" }
  var corner: Character { ascii ? "+" : "└" }
  var guide: Character { ascii ? ":" : "┊" }
  var dot: Character { ascii ? "." : "·" }
  var ellipsis: String { ascii ? "..." : "…" }

  /// The marker of series number `i` (cycling).
  func marker(_ i: Int) -> Character {
    let set: [Character] = ascii ? ["*", "o", "+", "x", "#", "@", "%", "&"] : ["●", "○", "+", "×", "◆", "◇", "■", "□"]
    return set[((i % set.count) + set.count) % set.count]
  }

  /// A vertical bar cell for `eighths` (0...8) of fill; a non-zero value shows at least one eighth.
  func verticalCell(_ eighths: Int) -> Character { vertical[max(0, min(8, eighths))] }
}
