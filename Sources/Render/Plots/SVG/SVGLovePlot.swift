// SVG love plots: one row per covariate, an open circle before and a filled circle after
// adjustment joined by a grey line, and a dashed guide at |SMD| = 0.1 (±0.1 when signed).

/// A standalone SVG love plot of `spec`; the height grows with the number of covariates.
public func svgLovePlot(_ spec: LovePlotSpec, width: Int = 640) -> String {
  let n = spec.count
  let labels = spec.covariates.prefix(n).map { truncate(singleLine($0), width: 40) }
  let rowHeight = 20.0
  let top = (spec.title != nil ? 40.0 : 16.0) + 16
  let height = Int(top + rowHeight * Double(max(1, n)) + 48)
  var doc = SVGDocument(width: width, height: height)
  svgTitle(&doc, spec.title)
  let before = "#D55E00", after = "#0072B2"
  let legendTop = spec.title != nil ? 44.0 : 22.0
  doc.circle(20, legendTop - 4, r: 4, fill: "#ffffff", stroke: before)
  doc.text(spec.beforeLabel, x: 28, y: legendTop)
  let afterX = 40 + svgTextWidth(spec.beforeLabel)
  doc.circle(afterX, legendTop - 4, r: 4, fill: after)
  doc.text(spec.afterLabel, x: afterX + 8, y: legendTop)
  let scale = spec.scale(ticks: 6)
  let frame = SVGRowFrame(
    doc: doc, scale: scale, labelWidth: labels.map { svgTextWidth($0) }.max() ?? 0, top: top, rows: n,
    rowHeight: rowHeight)
  let left = frame.left, right = frame.right, bottom = frame.bottom
  func px(_ v: Double) -> Double { frame.px(v) }
  frame.drawTicks(&doc)
  let th = abs(spec.threshold)
  for g in (spec.absolute ? [th] : [-th, th]) where g.isFinite && g >= scale.lo && g <= scale.hi {
    doc.line(px(g), top, px(g), bottom, stroke: "#777777", dash: "4 3")
  }
  if !spec.absolute { doc.line(px(0), top, px(0), bottom, stroke: "#555555") }
  doc.line(left, bottom, right, bottom, stroke: "#555555")
  for i in 0..<n {
    let y = top + rowHeight * (Double(i) + 0.5)
    doc.line(left, y, right, y, stroke: "#f2f2f2")
    doc.text(labels[i], x: left - 8, y: y + 4, anchor: .end)
    let b = spec.shown(spec.before[i]), a = spec.shown(spec.after[i])
    if b.isFinite && a.isFinite { doc.line(px(b), y, px(a), y, stroke: "#bbbbbb", width: 1.5) }
    if b.isFinite { doc.circle(px(b), y, r: 4, fill: "#ffffff", stroke: before) }
    if a.isFinite { doc.circle(px(a), y, r: 4, fill: after) }
  }
  let caption = spec.absolute ? "|standardized mean difference|" : "standardized mean difference"
  doc.text(caption, x: (left + right) / 2, y: bottom + 34, anchor: .middle, size: 12)
  return doc.render()
}

/// A standalone SVG love plot (same arguments as `lovePlot`).
public func svgLovePlot(
  covariates: [String], before: [Double], after: [Double], title: String? = "Covariate balance",
  absolute: Bool = true, width: Int = 640
) -> String {
  svgLovePlot(
    LovePlotSpec(covariates: covariates, before: before, after: after, title: title, absolute: absolute), width: width)
}
