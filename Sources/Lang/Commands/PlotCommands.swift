import Foundation
import Frame
import Render

/// Plot commands: `hist`, `plot` (line / scatter) and `bar`.
///
/// Each returns a `plot` value that prints as a terminal plot (Unicode blocks, or ASCII with
/// `ascii: true`), renders as JSON with its data (`--format json`), exposes `p.text` and `p.svg`,
/// and writes a standalone SVG file with `svg: "file.svg"`. Grouping (`by:`) draws one series per
/// level, levels in sorted order with missing (`NA`) last.
enum PlotCommands {
  static var all: [CommandSpec] { [hist, plot, bar] }

  // MARK: - Shared options

  static let sizeOptions: [Option] = [
    Option("title", .string, "title line (a default names the columns)"),
    widthOption(),
    asciiOption,
    Option("svg", .string, "also write the plot as a standalone SVG file at this path"),
  ]

  static var hist: CommandSpec {
    CommandSpec(
      name: "hist", category: "plots",
      summary: "Histogram of a numeric column, optionally one panel per group.",
      help: """
        Bins the column's values into equal-width bins over their range (missing values are left out and
        counted in the caption). With `by:`, the groups share the bins and the y scale and are drawn as
        stacked panels, so their shapes compare directly; `overlay: true` draws them in one panel instead,
        each group as the outline of its bars with its own marker and a legend (the SVG always overlays
        the groups as translucent bars). `stat: proportion` (or `density`) puts groups of different sizes
        on one scale.
        """,
      parameters: [Parameter.data(), Parameter("column", .column, "the numeric column to bin")],
      options: [
        Option("by", .column, "one series per level of this column"),
        Option("bins", .int, default: .int(20), "number of equal-width bins (1 to 1000)"),
        Option(
          "stat", .choice(HistogramStat.allCases.map(\.rawValue)), default: .string("count"),
          "bar height: count, proportion (of the group) or density"),
        Option("height", .int, default: .int(8), "rows per panel (2 to 200)"),
        Option(
          "overlay", .bool, default: .bool(false), "draw the groups over each other in one panel (SVG always overlays)"),
      ] + sizeOptions,
      examples: [
        "df |> hist tenure by: churned, bins: 20",
        "hist MonthlyCharges by: Churn on telco",
        "telco |> hist tenure stat: proportion, by: Contract, ascii: true",
        "telco |> hist tenure by: Churn, stat: proportion, overlay: true",
      ]
    ) { inv, interp in
      let df = try inv.frame()
      let name = try inv.column("column")
      let values = try numericValues(df, name, inv: inv, argument: "column")
      let groups = try groupRows(df, by: try inv.optionalColumn("by"), inv: inv)
      let bins = try intInRange(inv, "bins", 1...1000)
      guard let stat = HistogramStat(rawValue: try inv.string("stat")) else {
        throw inv.error("hist: unknown stat", at: "stat")
      }
      let by = try inv.optionalColumn("by")
      let title = try inv.optionalString("title") ?? ("Histogram of \(name)" + (by.map { " by \($0)" } ?? ""))
      let series = groups.map { g in ValueSeries(label: g.label, values: g.rows.map { values[$0] }) }
      let spec = HistogramSpec(
        series: series, bins: bins, stat: stat, title: title, xLabel: name, overlay: try inv.bool("overlay"))
      return try finish(.histogram(spec), inv: inv, interp: interp, height: try intInRange(inv, "height", 2...200))
    }
  }

  static var plot: CommandSpec {
    CommandSpec(
      name: "plot", category: "plots",
      summary: "Scatter or line plot of y column(s) against an x column.",
      help: """
        Draws each y column (or, with `by:`, each group) as its own series with its own marker and a
        legend. `kind: line` joins the points in order of x (ties keep row order), for curves such as
        ROC, precision-recall, calibration or TOC; `diagonal: true` adds the y = x reference line and
        `hline:` a horizontal one. Rows where x or y is missing are skipped.

        With no columns, a result frame is drawn by its shape: ROC (`roc`), precision–recall (`pr_curve`),
        calibration with the diagonal (`calibration`), cumulative gain (`lift`), TOC (the `toc` field of `rate`),
        feature importance bars (`feature_importance`), the CATE histogram (`effects`), propensity
        overlap by arm (a frame with `propensity` and `treatment`), forest plots of estimates with intervals
        (`effect_segments`, the `groups` of `validate_effects` as predicted vs actual, `ab_test` tables per arm
        or segment, coefficient tables, `compare_policies`), and PSI bars with threshold lines (`drift`'s table).

        A result value is drawn by its picture: `plot v` of a `validate_effects` result draws predicted vs actual
        effects by group; of a `drift` result, the PSI of the worst features with the watch and drift lines; of
        `overlap`, `balance`, `rate`, `qini`, `targeting`, `sequential`, `peeking`, `bandit` or `power_curve`,
        the plot its report shows — at this command's width, `ascii:` and `svg:`.
        """,
      parameters: [
        Parameter.data("the input frame, or a result value to draw (piped in, or given with `on`)", type: .any),
        Parameter("x", .column, "the x column (omit both to draw a result frame by its shape)", required: false),
        Parameter("y", .columns, "one or more y columns", required: false, variadic: true),
      ],
      options: [
        Option("kind", .choice(["scatter", "line"]), default: .string("scatter"), "scatter (points) or line"),
        Option("by", .column, "one series per level of this column (with a single y column)"),
        Option("xlabel", .string, "x axis caption (default: the x column)"),
        Option("ylabel", .string, "y axis caption (default: the y column)"),
        Option("diagonal", .bool, default: .bool(false), "draw the y = x line (ROC, calibration)"),
        Option("hline", .number, "draw a horizontal reference line at this y"),
        Option("height", .int, default: .int(16), "plot rows (3 to 200)"),
      ] + sizeOptions,
      examples: [
        "df |> plot tenure MonthlyCharges",
        "roc |> plot fpr tpr kind: line, diagonal: true",
        "curves |> plot fpr tpr by: model, kind: line",
        "roc m on s.test |> plot",
        "calibration m on s.test |> plot svg: \"calibration.svg\"",
        "effect_segments cf by: Contract |> plot",
        "let v = validate_effects pred ~ arm on exp with outcome: churn\nplot v svg: \"validation.svg\"",
      ]
    ) { inv, interp in
      if case .object(let o)? = inv.value("data") {
        guard !inv.has("x") else {
          throw inv.error("plot: a \(o.typeName) value has no columns; draw it with plot alone", at: "x")
        }
        return try finish(
          try ObjectPlots.kind(for: o, inv: inv), inv: inv, interp: interp,
          height: inv.has("height") ? try intInRange(inv, "height", 3...200) : ObjectPlots.height(of: o))
      }
      let df = try inv.frame()
      guard inv.has("x") else {
        guard let kind = ResultPlots.kind(for: df, title: try inv.optionalString("title")) else {
          throw inv.error(
            "plot needs an x and a y column, e.g. plot tenure MonthlyCharges; without columns it draws "
              + "a result frame it recognizes: " + ResultPlots.shapes)
        }
        let height = inv.has("height") ? try intInRange(inv, "height", 3...200) : 16
        return try finish(kind, inv: inv, interp: interp, height: kind.name == "histogram" ? min(height, 10) : height)
      }
      let xName = try inv.column("x")
      let yNames = try inv.columns("y")
      guard !yNames.isEmpty else { throw inv.error("plot needs at least one y column", at: "y") }
      let by = try inv.optionalColumn("by")
      if by != nil && yNames.count > 1 {
        throw inv.error("plot: use either several y columns or by:, not both", at: "by")
      }
      let xs = try numericValues(df, xName, inv: inv, argument: "x")
      let ys = try yNames.map { try numericValues(df, $0, inv: inv, argument: "y") }
      let line = try inv.string("kind") == "line"
      var series: [XYSeries] = []
      if yNames.count > 1 {
        for (i, n) in yNames.enumerated() {
          series.append(xySeries(label: n, rows: Array(0..<df.rowCount), xs, ys[i], sort: line))
        }
      } else {
        for g in try groupRows(df, by: by, inv: inv) {
          series.append(xySeries(label: g.label, rows: g.rows, xs, ys[0], sort: line))
        }
      }
      let title =
        try inv.optionalString("title")
        ?? (yNames.joined(separator: ", ") + " vs " + xName + (by.map { " by \($0)" } ?? ""))
      let spec = XYPlotSpec(
        series: series, title: title, xLabel: try inv.optionalString("xlabel") ?? xName,
        yLabel: try inv.optionalString("ylabel") ?? (yNames.count == 1 ? yNames[0] : nil),
        diagonal: try inv.bool("diagonal"), hline: try inv.optionalDouble("hline"))
      return try finish(
        line ? .line(spec) : .scatter(spec), inv: inv, interp: interp,
        height: try intInRange(inv, "height", 3...200))
    }
  }

  static var bar: CommandSpec {
    CommandSpec(
      name: "bar", category: "plots",
      summary: "Horizontal bar chart: counts of a column's levels, or one bar per row.",
      help: """
        With one column, counts its levels (missing as NA), largest first. With a label column and a
        value column, draws one bar per row, e.g. after `summarize`. Negative values extend left of a
        zero line. At most 100 bars are drawn; `top: n` keeps the first n.
        """,
      parameters: [
        Parameter.data(),
        Parameter("label", .column, "the column naming each bar (or whose levels are counted)"),
        Parameter("value", .column, "the bar lengths (omit to count levels)", required: false),
      ],
      options: [
        Option("sort", .bool, default: .bool(false), "order bars by value, largest first"),
        Option("top", .int, "keep only the first n bars (after sorting)"),
      ] + sizeOptions,
      examples: [
        "telco |> bar Contract",
        "df |> group Contract |> summarize rate = mean(churned) |> bar Contract rate",
        "imp |> bar feature importance sort: true, top: 10",
      ]
    ) { inv, interp in
      let df = try inv.frame()
      let labelName = try inv.column("label")
      let labelColumn = try df.column(labelName)
      var labels: [String], values: [Double]
      var title: String
      if let valueName = try inv.optionalColumn("value") {
        let v = try numericValues(df, valueName, inv: inv, argument: "value")
        labels = (0..<df.rowCount).map { formatCell(labelColumn.value(at: $0)) }
        values = v
        title = "\(valueName) by \(labelName)"
      } else {
        let counts = try levelCounts(labelColumn)
        labels = counts.map(\.label)
        values = counts.map { Double($0.count) }
        title = "Count of \(labelName)"
      }
      if try inv.bool("sort") {
        let order = values.indices.sorted { a, b in
          let va = values[a].isNaN ? -Double.infinity : values[a], vb = values[b].isNaN ? -Double.infinity : values[b]
          return va != vb ? va > vb : a < b
        }
        labels = order.map { labels[$0] }
        values = order.map { values[$0] }
      }
      if inv.has("top") {
        let top = try intInRange(inv, "top", 1...1000)
        labels = Array(labels.prefix(top))
        values = Array(values.prefix(top))
      }
      if labels.count > 100 {
        interp.warn("bar: \(labels.count) bars; drawing the first 100 (summarize first, or use top:)", at: inv.span)
        labels = Array(labels.prefix(100))
        values = Array(values.prefix(100))
      }
      let spec = BarPlotSpec(labels: labels, values: values, title: try inv.optionalString("title") ?? title)
      return try finish(.bar(spec), inv: inv, interp: interp, height: 0)
    }
  }

  // MARK: - Helpers

  /// Renders the plot, writes the SVG when asked, and wraps it as a language value.
  static func finish(_ kind: PlotKind, inv: Invocation, interp: Interpreter, height: Int) throws -> Value {
    .object(try render(kind, inv: inv, interp: interp, height: height))
  }

  /// Renders the plot at the command's `width:` and `ascii:` options and writes its SVG when `svg:` is given
  /// (shared by commands that draw a plot beside their report).
  static func render(_ kind: PlotKind, inv: Invocation, interp: Interpreter, height: Int) throws -> PlotObject {
    let obj = PlotObject(kind: kind, width: try width(inv, interp), height: height, ascii: try ascii(inv, interp))
    try writeSVG(obj.svg, inv)
    return obj
  }

  /// Writes `svg` to the command's `svg:` path when one is given, with a plain message when it cannot.
  static func writeSVG(_ svg: String, _ inv: Invocation) throws {
    guard let path = try inv.optionalString("svg") else { return }
    do {
      try svg.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      throw inv.error("cannot write SVG to '\(path)': \(fileWriteProblem(path))", at: "svg")
    }
  }

  /// An int option or parameter checked to lie in `range`.
  static func intInRange(_ inv: Invocation, _ name: String, _ range: ClosedRange<Int>) throws -> Int {
    let v = try inv.int(name)
    guard range.contains(v) else {
      throw inv.error(
        "\(inv.spec.name): '\(name)' must be between \(range.lowerBound) and \(range.upperBound), got \(v)", at: name)
    }
    return v
  }

  /// A numeric column's values with NaN for missing; a clear error for text columns.
  static func numericValues(_ df: DataFrame, _ name: String, inv: Invocation, argument: String) throws -> [Double] {
    let c = try df.column(name)
    guard let v = c.doubles() else {
      throw inv.error(
        "\(inv.spec.name): column '\(name)' is text; a numeric column is needed", at: argument,
        notes: ["to count the levels of a text column, use: bar \(name)"])
    }
    return v
  }

  /// Row indices per level of `by` in Frame's group order (``GroupedFrame``: sorted levels, missing last), or
  /// all rows in one unnamed group.
  static func groupRows(_ df: DataFrame, by: String?, inv: Invocation) throws -> [(label: String, rows: [Int])] {
    guard let by else { return [("", Array(0..<df.rowCount))] }
    let g = try df.grouped(by: [by])
    if g.groupCount > 12 {
      throw inv.error(
        "\(inv.spec.name): '\(by)' has \(g.groupCount) levels; by: draws one series per level (at most 12)",
        at: "by", notes: ["bin it first, e.g. mutate group = qcut(\(by), 4)"])
    }
    let key = try g.keys.column(by)
    return g.groups.enumerated().map { k, rows in ("\(by) = \(formatCell(key.value(at: k)))", rows) }
  }

  /// Level counts of a column, largest first, ties in Frame's group order (missing, counted as NA, last).
  static func levelCounts(_ c: Column) throws -> [(label: String, count: Int)] {
    let g = try DataFrame(columns: [c]).grouped(by: [c.name])
    let sizes = g.groupSizes, key = try g.keys.column(c.name)
    let order = sizes.indices.sorted { a, b in sizes[a] != sizes[b] ? sizes[a] > sizes[b] : a < b }
    return order.map { (formatCell(key.value(at: $0)), sizes[$0]) }
  }

  /// One x-y series from the given rows; for lines, ordered by x (stable).
  static func xySeries(label: String, rows: [Int], _ xs: [Double], _ ys: [Double], sort: Bool) -> XYSeries {
    var r = rows
    if sort {
      r = rows.enumerated().sorted { a, b in
        let xa = xs[a.element], xb = xs[b.element]
        if xa.isNaN || xb.isNaN { return !xa.isNaN && xb.isNaN ? true : (xa.isNaN == xb.isNaN && a.offset < b.offset) }
        return xa != xb ? xa < xb : a.offset < b.offset
      }.map(\.element)
    }
    return XYSeries(label: label, x: r.map { xs[$0] }, y: r.map { ys[$0] })
  }
}
