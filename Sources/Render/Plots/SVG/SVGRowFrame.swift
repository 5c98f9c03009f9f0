// The frame of SVG charts with one row per item and a horizontal value axis (love plots, forest plots):
// row labels on the left, vertical grid lines at the ticks, tick labels under the rows.

/// The value axis of a row chart and its data-to-pixel mapping.
struct SVGRowFrame {
  let scale: AxisScale
  let left: Double, right: Double, top: Double, bottom: Double

  /// A frame below `top` for `rows` rows of `rowHeight` whose labels (at most `labelWidth` px) fit on the left.
  init(doc: SVGDocument, scale: AxisScale, labelWidth: Double, top: Double, rows: Int, rowHeight: Double) {
    self.scale = scale
    left = 14 + labelWidth + 10
    right = doc.width - 20
    self.top = top
    bottom = top + rowHeight * Double(max(1, rows))
  }

  /// The x pixel of value `v` (clamped to the axis).
  func px(_ v: Double) -> Double { left + max(0, min(1, scale.fraction(v))) * (right - left) }

  /// Grid lines and labels at the ticks (with small tick marks under the rows when `marks`).
  func drawTicks(_ doc: inout SVGDocument, marks: Bool = false) {
    for t in scale.ticks {
      doc.line(px(t), top, px(t), bottom, stroke: "#e5e5e5")
      if marks { doc.line(px(t), bottom, px(t), bottom + 4, stroke: "#555555") }
      doc.text(formatNumber(t), x: px(t), y: bottom + 16, anchor: .middle)
    }
  }
}
