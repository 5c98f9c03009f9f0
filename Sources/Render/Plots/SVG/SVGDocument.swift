// A minimal SVG writer for report plots. Output is a standalone `<svg>` element with inline
// attributes only (no CSS classes, scripts, fonts or external assets), coordinates rounded to two
// decimals, so the same spec always gives byte-identical text.

/// The colour of series number `i`: the Okabe–Ito palette, readable by colour-blind viewers.
func seriesColor(_ i: Int) -> String {
  let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
  return palette[((i % palette.count) + palette.count) % palette.count]
}

/// A coordinate or length as SVG text: at most two decimals, no trailing zeros, never `-0`.
func svgNumber(_ x: Double) -> String {
  guard x.isFinite else { return "0" }
  var s = fixedString(x, decimals: 2)
  if s.contains(".") {
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
  }
  return s == "-0" ? "0" : s
}

/// `s` escaped for XML text and attribute values.
public func xmlEscaped(_ s: String) -> String {
  var out = ""
  for u in s.unicodeScalars {
    switch u {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&apos;"
    default:
      if u.value < 0x20 && u != "\n" && u != "\t" { out += " " } else { out.unicodeScalars.append(u) }
    }
  }
  return out
}

/// Text anchoring of an SVG label.
enum SVGAnchor: String { case start, middle, end }

/// An SVG document under construction.
struct SVGDocument {
  let width: Double
  let height: Double
  private var body: [String] = []

  init(width: Int, height: Int) {
    self.width = Double(max(120, min(width, 10_000)))
    self.height = Double(max(80, min(height, 10_000)))
  }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, opacity: Double? = nil,
    stroke: String? = nil
  ) {
    var s =
      "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(max(0, width)))\" height=\"\(svgNumber(max(0, height)))\" fill=\"\(fill)\""
    if let opacity { s += " fill-opacity=\"\(svgNumber(opacity))\"" }
    if let stroke { s += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
    body.append(s + "/>")
  }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
    dash: String? = nil
  ) {
    var s =
      "<line x1=\"\(svgNumber(x1))\" y1=\"\(svgNumber(y1))\" x2=\"\(svgNumber(x2))\" y2=\"\(svgNumber(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(svgNumber(width))\""
    if let dash { s += " stroke-dasharray=\"\(dash)\"" }
    body.append(s + "/>")
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) {
    guard points.count > 1 else { return }
    let pts = points.map { svgNumber($0.0) + "," + svgNumber($0.1) }.joined(separator: " ")
    body.append(
      "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(svgNumber(width))\" stroke-linejoin=\"round\"/>"
    )
  }

  mutating func circle(
    _ cx: Double, _ cy: Double, r: Double, fill: String, stroke: String? = nil, opacity: Double? = nil
  ) {
    var s = "<circle cx=\"\(svgNumber(cx))\" cy=\"\(svgNumber(cy))\" r=\"\(svgNumber(r))\" fill=\"\(fill)\""
    if let opacity { s += " fill-opacity=\"\(svgNumber(opacity))\"" }
    if let stroke { s += " stroke=\"\(stroke)\" stroke-width=\"1.5\"" }
    body.append(s + "/>")
  }

  /// A text label; `halo` outlines it in white so lines behind it (threshold guides) do not cross it.
  mutating func text(
    _ s: String, x: Double, y: Double, anchor: SVGAnchor = .start, size: Double = 11,
    bold: Bool = false, rotate: Bool = false, color: String = "#333333", halo: Bool = false
  ) {
    var t = "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" font-size=\"\(svgNumber(size))\" fill=\"\(color)\""
    if halo { t += " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"" }
    if anchor != .start { t += " text-anchor=\"\(anchor.rawValue)\"" }
    if bold { t += " font-weight=\"bold\"" }
    if rotate { t += " transform=\"rotate(-90 \(svgNumber(x)) \(svgNumber(y)))\"" }
    body.append(t + ">" + xmlEscaped(s) + "</text>")
  }

  /// The finished standalone SVG text (no trailing newline).
  func render() -> String {
    let w = svgNumber(width), h = svgNumber(height)
    var out =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" font-family=\"Helvetica, Arial, sans-serif\">\n"
    out += "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
    for line in body { out += line + "\n" }
    return out + "</svg>"
  }
}

/// Approximate rendered width of `s` at `size` px in a sans-serif font (for layout only).
func svgTextWidth(_ s: String, size: Double = 11) -> Double { Double(displayWidth(s)) * size * 0.6 }
