/// Reshaping and rows by position: `pivot_longer`, `pivot_wider`, `slice`, `slice_head`, `slice_tail`.
/// Thin adapters over Frame's `pivotLonger`, `pivotWider` and `slice`.
enum ReshapeCommands {
  static var all: [CommandSpec] { [pivotLonger, pivotWider, slice, sliceHead, sliceTail] }

  static var pivotLonger: CommandSpec {
    CommandSpec(
      name: "pivot_longer", category: "frames",
      summary: "Stack columns into name/value rows (tidyr's pivot_longer, pandas' melt).",
      help: """
        Each input row gives one row per stacked column: the other columns repeated, `names_to` holding
        the column's name and `values_to` its value, row by row of the input. Int and float columns stack
        to float; other type mixes are an error. `drop_na: true` leaves out missing values.
        """,
      parameters: [.data(), Parameter("cols", .columns, "the columns to stack", required: false, variadic: true)],
      options: [
        Option("cols", .columns, "the columns to stack (instead of naming them after the verb)"),
        Option("names_to", .string, default: .string("name"), "name of the column of column names"),
        Option("values_to", .string, default: .string("value"), "name of the column of values"),
        Option("drop_na", .bool, default: .bool(false), "leave out rows whose value is missing"),
      ],
      examples: [
        "sales |> pivot_longer q1 q2 q3 names_to: \"quarter\", values_to: \"amount\"",
        "df |> pivot_longer cols: [MonthlyCharges, TotalCharges], names_to: \"charge\"",
      ]
    ) { inv, _ in
      let cols = try inv.columns("cols")  // named after the verb, or given as cols: [..]
      guard !cols.isEmpty else {
        throw inv.error("pivot_longer needs the columns to stack, e.g. pivot_longer q1 q2 or cols: [q1, q2]")
      }
      return .frame(
        try inv.frame().pivotLonger(
          cols, namesTo: try inv.string("names_to"),
          valuesTo: try inv.string("values_to"), dropMissing: try inv.bool("drop_na")))
    }
  }

  static var pivotWider: CommandSpec {
    CommandSpec(
      name: "pivot_wider", category: "frames",
      summary: "Spread name/value rows into columns (tidyr's pivot_wider), with an optional aggregate.",
      help: """
        One row per distinct combination of the id columns (`id_cols:`, by default every column but
        `names_from` and `values_from`), one new column per distinct value of `names_from`, in order of
        first appearance. A combination with no row is missing. Two rows for one cell are an error unless
        `aggregate:` says how to combine them (count, sum, mean, median, sd, min, max, n_distinct; missing
        values are skipped, as in summarize).
        """,
      parameters: [.data()],
      options: [
        Option("names_from", .column, "the column whose values name the new columns"),
        Option("values_from", .column, "the column whose values fill them"),
        Option("id_cols", .columns, "the columns that identify a row (default: all the others)"),
        Option(
          "aggregate", .choice(PivotAggregate.allCases.map(\.rawValue)),
          "how to combine several values for one cell (default: they are an error)"),
        Option("names_prefix", .string, default: .string(""), "text put before each new column's name"),
      ],
      examples: [
        "long |> pivot_wider names_from: quarter, values_from: amount",
        "df |> pivot_wider names_from: Contract, values_from: MonthlyCharges, id_cols: gender, aggregate: \"mean\"",
      ]
    ) { inv, _ in
      guard let names = try inv.optionalColumn("names_from"), let values = try inv.optionalColumn("values_from") else {
        throw inv.error(
          "pivot_wider needs names_from: and values_from:, e.g. pivot_wider names_from: quarter, "
            + "values_from: amount")
      }
      let ids = inv.has("id_cols") ? try inv.columns("id_cols") : nil
      let agg = try inv.optionalString("aggregate").flatMap(PivotAggregate.init(rawValue:))
      return .frame(
        try inv.frame().pivotWider(
          namesFrom: names, valuesFrom: values, idColumns: ids, aggregate: agg,
          namesPrefix: try inv.string("names_prefix")))
    }
  }

  static var slice: CommandSpec {
    CommandSpec(
      name: "slice", category: "frames",
      summary: "Rows by position (from 1): slice 1:10 keeps rows 1 to 10, slice -(1:10) drops them.",
      help: """
        Positions are whole numbers, ranges (`1:10`) or lists; all positive keeps those rows in the order
        given (positions past the end are skipped), all negative drops them; 0 is ignored. After `group`,
        positions count within each group and the result keeps the grouping.
        """,
      parameters: [
        .data(type: .frameOrGrouped), Parameter("rows", .any, "positions, ranges or lists", variadic: true),
      ],
      examples: ["df |> slice 1:10", "df |> slice -1", "df |> slice [1, 5, 9]", "df |> group Contract |> slice 1"]
    ) { inv, _ in
      var positions: [Int] = []
      func add(_ v: Value) throws {
        switch v {
        case .int(let i): positions.append(i)
        case .number(let d) where d == d.rounded() && abs(d) < 1e15: positions.append(Int(d))
        case .list(let xs): try xs.forEach(add)
        default:
          throw inv.error(
            "slice takes row positions (whole numbers such as 3, 1:10 or [1, 5]), got \(v.typeName)",
            at: "rows")
        }
      }
      try add(inv.value("rows") ?? .list([]))
      return try sliced(inv, .positions(positions))
    }
  }

  static var sliceHead: CommandSpec { sliceEnd(head: true) }
  static var sliceTail: CommandSpec { sliceEnd(head: false) }

  /// `slice_head n` / `slice_tail n`: the first or last n rows (of each group).
  static func sliceEnd(head: Bool) -> CommandSpec {
    CommandSpec(
      name: head ? "slice_head" : "slice_tail", category: "frames",
      summary: "The \(head ? "first" : "last") n rows, of each group after `group`.",
      parameters: [.data(type: .frameOrGrouped), Parameter("n", .int, "number of rows", default: .int(1))],
      examples: [head ? "df |> group Contract |> slice_head 2" : "df |> sort tenure |> group Contract |> slice_tail 1"]
    ) { inv, _ in try sliced(inv, head ? .head(try inv.int("n")) : .tail(try inv.int("n"))) }
  }

  /// The chosen rows of the input, within each group when it is grouped (the grouping is kept).
  static func sliced(_ inv: Invocation, _ positions: RowPositions) throws -> Value {
    let input = inv.value("data") ?? .missing
    if case .grouped(let g) = input {
      let rows = try g.frame.grouped(by: g.keys).slice(positions)
      return .grouped(GroupedData(frame: rows, keys: g.keys))
    }
    return .frame(try inv.frame().slice(positions))
  }
}
