/// Data-frame verbs: thin adapters over the Frame library (select, filter, mutate, group, ...).
enum FrameCommands {
  static var all: [CommandSpec] {
    [
      readCSV, writeCSV, select, drop, rename, filter, mutate, sort, head, tail, sample, distinct,
      group, ungroup, summarize, countValues, crosstab, describe, corr, oneHot, labelEncode, standardize,
      split, join, bindRows, nrow, ncol, columns,
    ]
  }

  // MARK: - Files

  static var readCSV: CommandSpec {
    CommandSpec(
      name: "read_csv", category: "data",
      summary: "Read a CSV file into a frame (types inferred per column; blanks and NA are missing).",
      help: """
        Column types are inferred: int, float, bool (true/false) or text, unless `types:` fixes them
        ({customerID: "text"} keeps the zeros of 0000123; types: text, int, float, bool). Fields equal to
        one of the `missing` tokens (and whitespace-only fields) are missing values; the default list is
        pandas' (NA, N/A, n/a, NaN, nan, null, NULL, None, #N/A, …). types: {signup: "date"} reads ISO
        dates and timestamps (2024-05-01, 2024-05-01T13:45:00Z) as a date column (see help dates). inf, -inf, Infinity are numbers; nan
        in any case is missing. `na:` adds spellings to that list (na: ["--", "?"]). When a few values turn
        a column of numbers into text, a warning names them with their lines; pass them in `na:` to read
        them as missing.
        """,
      parameters: [Parameter("path", .string, "the file to read")],
      options: [
        Option(
          "missing", .list, default: .strings(CSVOptions.defaultMissingTokens),
          "tokens read as missing (replaces the default list)"),
        Option("na", .list, "more tokens read as missing, added to the `missing` list, e.g. [\"--\", \"?\"]"),
        Option("types", .record, "column types by name, e.g. {customerID: \"text\", signup: \"date\"}"),
        Option("delimiter", .string, default: .string(","), "the field separator (one character)"),
        Option("header", .bool, default: .bool(true), "whether the first line holds column names"),
      ],
      examples: [
        "let telco = read_csv(\"data/telco.csv\")", "read_csv(\"x.csv\", na: [\"--\", \"?\"])",
        "let telco = read_csv(\"data/telco.csv\", types: {customerID: \"text\"})",
      ]
    ) { inv, interp in
      var opts = CSVOptions()
      var dateColumns: [String] = []
      if case .record(let rec)? = inv.value("types") {
        for (name, v) in rec.fields {
          if case .string(let s) = v, s.lowercased() == "date" {
            opts.columnTypes[name] = .string
            dateColumns.append(name)
            continue
          }
          guard case .string(let s) = v, let t = ColumnType(spelling: s) else {
            throw inv.error(
              "types: '\(name)' must be one of \"text\", \"int\", \"float\", \"bool\", \"date\"",
              at: "types")
          }
          opts.columnTypes[name] = t
        }
      }
      if case .list(let items)? = inv.value("missing") {
        opts.missingTokens = try items.map {
          guard case .string(let s) = $0 else { throw inv.error("missing: expects a list of strings", at: "missing") }
          return s
        }
      }
      if case .list(let items)? = inv.value("na") {
        opts.missingTokens += try items.map {
          guard case .string(let s) = $0 else {
            throw inv.error("na: expects a list of strings, e.g. [\"--\"]", at: "na")
          }
          return s
        }
      }
      let delim = try inv.string("delimiter")
      guard delim.utf8.count == 1, let d = delim.utf8.first else {
        throw inv.error("delimiter must be a single character, e.g. \",\" or \";\"", at: "delimiter")
      }
      opts.delimiter = d
      opts.hasHeader = try inv.bool("header")
      let path = try inv.string("path")
      do {
        let read = try Frame.readCSVWithWarnings(path: path, options: opts)
        for w in read.warnings { interp.warn("read_csv: \(w)", at: inv.span) }
        interp.inputObserver?(path, read.frame.rowCount)
        return .frame(try read.frame.parsingDates(dateColumns, firstLine: opts.hasHeader ? 2 : 1))
      } catch let e as FrameError {
        throw inv.error(e.description.contains(path) ? e.description : "\(path): \(e.description)", at: "path")
      }
    }
  }

  static var writeCSV: CommandSpec {
    CommandSpec(
      name: "write_csv", category: "data",
      summary: "Write a frame to a CSV file (missing values as empty fields).",
      parameters: [.data(), Parameter("path", .string, "the file to write")],
      examples: ["write_csv df \"out.csv\"", "df |> write_csv \"out.csv\""]
    ) { inv, _ in
      let path = try inv.string("path")
      do { try Frame.writeCSV(try inv.frame(), path: path) } catch let e as FrameError {
        throw inv.error(e.description.contains(path) ? e.description : "\(path): \(e.description)", at: "path")
      }
      return .nothing
    }
  }

  // MARK: - Columns

  static var select: CommandSpec {
    CommandSpec(
      name: "select", category: "frames",
      summary: "Keep only the named columns, in the order given.",
      parameters: [.data(), Parameter("columns", .columns, "columns to keep", variadic: true)],
      examples: ["df |> select customerID tenure Churn", "df |> select [\"tenure\", \"Churn\"]"]
    ) { inv, _ in .frame(try inv.frame().select(try inv.columns("columns"))) }
  }

  static var drop: CommandSpec {
    CommandSpec(
      name: "drop", category: "frames",
      summary: "Remove the named columns.",
      parameters: [.data(), Parameter("columns", .columns, "columns to remove", variadic: true)],
      examples: ["df |> drop customerID"]
    ) { inv, _ in .frame(try inv.frame().drop(try inv.columns("columns"))) }
  }

  static var rename: CommandSpec {
    CommandSpec(
      name: "rename", category: "frames",
      summary: "Rename columns: old: new.",
      parameters: [.data()],
      acceptsExtraOptions: true,
      examples: ["df |> rename tenure: months, Churn: churn_label"]
    ) { inv, _ in
      let f = try inv.frame()
      var pairs: [(from: String, to: String)] = []
      for o in inv.extraOptions {
        guard f.index(of: o.name) != nil else {
          throw LangError("unknown column '\(o.name)'\(didYouMean(o.name, among: f.columnNames))", at: o.span)
        }
        guard case .string(let to) = o.value, !to.isEmpty else {
          throw LangError("rename \(o.name): expects a new name", at: o.span)
        }
        pairs.append((o.name, to))
      }
      guard !pairs.isEmpty else { throw inv.error("rename needs old: new pairs, e.g. rename tenure: months") }
      return .frame(try f.renamed(pairs))
    }
  }

  // MARK: - Rows

  static var filter: CommandSpec {
    CommandSpec(
      name: "filter", category: "frames",
      summary: "Keep rows where the condition is true (rows where it is NA are dropped).",
      help: "Several conditions are combined with `and`. Names are columns first, then variables.",
      parameters: [
        .data(type: .frameOrGrouped),
        Parameter("condition", .expression, "a true/false expression", variadic: true),
      ],
      examples: ["df |> filter tenure > 12", "df |> filter Contract == \"Month-to-month\", tenure < 6"]
    ) { inv, interp in
      let input = inv.value("data") ?? .missing
      let f = try inv.frame()
      var keep = [Bool](repeating: true, count: f.rowCount)
      for e in inv.expressions("condition") {
        let v = try interp.evaluateGroupAware(e, input: input)
        switch v {
        case .bool(let b): if !b { keep = .init(repeating: false, count: f.rowCount) }
        case .missing: keep = .init(repeating: false, count: f.rowCount)
        case .column(let c):
          guard case .bool(let b) = c.storage else {
            throw LangError(
              "filter needs a true/false condition, got \(describeOperand(v))", at: e.span,
              notes: ["help: compare with ==, <, >, or test with is_missing(x)"])
          }
          var missing = 0
          for i in 0..<f.rowCount where !b[i] || c.isMissing(i) {
            if c.isMissing(i) && keep[i] { missing += 1 }
            keep[i] = false
          }
          if missing > 0 {
            interp.warn(
              "filter dropped \(missing) row\(missing == 1 ? "" : "s") where the condition is NA "
                + "(decide explicitly with coalesce(...) or is_missing(...))", at: e.span)
          }
        default:
          throw LangError("filter needs a true/false condition, got \(describeOperand(v))", at: e.span)
        }
      }
      return rewrap(f.filter(keep), like: input)
    }
  }

  static var mutate: CommandSpec {
    CommandSpec(
      name: "mutate", category: "frames",
      summary: "Add or replace columns computed from expressions.",
      help: """
        Each `name = expression` is computed over whole columns and may use columns made earlier in
        the same mutate. A scalar is repeated for every row. After `group`, aggregates are per group
        (e.g. `share = x / sum(x)`).
        """,
      parameters: [
        .data(type: .frameOrGrouped),
        Parameter("columns", .assignments, "name = expression pairs"),
      ],
      examples: ["df |> mutate churned = Churn == \"Yes\", TotalCharges = coalesce(TotalCharges, 0)"]
    ) { inv, interp in
      let input = inv.value("data") ?? .missing
      var f = try inv.frame()
      for a in inv.assignments {
        let v = try interp.evaluateGroupAware(a.value, input: rewrap(f, like: input))
        let col = try columnOf(v, count: f.rowCount, name: a.name, span: a.value.span)
        try f.set(col)
      }
      return rewrap(f, like: input)
    }
  }

  static var sort: CommandSpec {
    CommandSpec(
      name: "sort", category: "frames",
      summary: "Sort rows by columns or expressions (stable; missing values last).",
      help: "Prefix a key with '-' to sort it descending; `desc: true` reverses every key.",
      parameters: [
        .data(), Parameter("keys", .expression, "columns or expressions, -key for descending", variadic: true),
      ],
      options: [Option("desc", .bool, default: .bool(false), "sort every key in descending order")],
      examples: ["df |> sort tenure", "df |> sort MonthlyCharges desc: true", "df |> sort Contract -tenure"]
    ) { inv, interp in
      var f = try inv.frame()
      let allDesc = try inv.bool("desc")
      var keys: [(name: String, descending: Bool)] = []
      var temps: [String] = []
      for (k, e) in inv.expressions("keys").enumerated() {
        var expr = e
        var desc = allDesc
        if case .unary(.negate, let inner) = e.kind {
          if let n = inner.identifierName, f.index(of: n) != nil {
            expr = inner
            desc = !desc
          }
        }
        if let n = expr.identifierName, f.index(of: n) != nil {
          keys.append((n, desc))
          continue
        }
        let v = try interp.evaluateColumn(expr, over: f)
        let name = "__sort_\(k)"
        try f.set(try columnOf(v, count: f.rowCount, name: name, span: expr.span))
        temps.append(name)
        keys.append((name, desc))
      }
      guard !keys.isEmpty else { throw inv.error("sort needs at least one column, e.g. sort tenure") }
      return .frame(try f.sorted(by: keys).drop(temps))
    }
  }

  static var head: CommandSpec {
    CommandSpec(
      name: "head", category: "frames",
      summary: "The first n rows.",
      parameters: [.data(), Parameter("n", .int, "number of rows", default: .int(10))],
      examples: ["df |> head", "df |> head 5"]
    ) { inv, _ in
      let n = try inv.int("n")
      guard n >= 0 else { throw inv.error("head needs a non-negative number of rows", at: "n") }
      return .frame(try inv.frame().head(n))
    }
  }

  static var tail: CommandSpec {
    CommandSpec(
      name: "tail", category: "frames",
      summary: "The last n rows.",
      parameters: [.data(), Parameter("n", .int, "number of rows", default: .int(10))],
      examples: ["df |> tail 3"]
    ) { inv, _ in
      let n = try inv.int("n")
      guard n >= 0 else { throw inv.error("tail needs a non-negative number of rows", at: "n") }
      return .frame(try inv.frame().tail(n))
    }
  }

  static var sample: CommandSpec {
    CommandSpec(
      name: "sample", category: "frames",
      summary: "A random sample of rows (n rows or a fraction), reproducible from the seed.",
      parameters: [.data()],
      options: [
        Option("n", .int, "number of rows"),
        Option("fraction", .number, "share of rows, 0 to 1"),
        Option("replace", .bool, default: .bool(false), "sample with replacement"),
        Option("seed", .int, default: .int(42), "random seed"),
      ],
      examples: ["df |> sample n: 100, seed: 1", "df |> sample fraction: 0.1"]
    ) { inv, _ in
      let n = try inv.optionalInt("n"), fr = try inv.optionalDouble("fraction")
      guard (n == nil) != (fr == nil) else { throw inv.error("sample needs exactly one of n: or fraction:") }
      return .frame(
        try inv.frame().sample(
          n: n, fraction: fr, replace: try inv.bool("replace"),
          seed: try inv.int("seed")))
    }
  }

  static var distinct: CommandSpec {
    CommandSpec(
      name: "distinct", category: "frames",
      summary: "Distinct rows (or distinct combinations of the named columns), in order of first appearance.",
      parameters: [
        .data(),
        Parameter(
          "columns", .columns, "columns to consider (default: all)", required: false,
          variadic: true),
      ],
      examples: ["df |> distinct Contract PaymentMethod"]
    ) { inv, _ in
      let cols = try inv.columns("columns")
      return .frame(try inv.frame().distinct(cols.isEmpty ? nil : cols))
    }
  }

  // MARK: - Groups

  static var group: CommandSpec {
    CommandSpec(
      name: "group", category: "frames",
      summary: "Group rows by columns or expressions; summarize then works per group.",
      help: """
        Keys may be expressions such as qcut(tenure, 3); such a key becomes a column named by its text.
        Groups are ordered by key value; a missing key forms its own group, last.
        """,
      parameters: [
        .data(type: .frameOrGrouped),
        Parameter(
          "keys", .expression, "grouping columns or expressions",
          variadic: true),
      ],
      examples: [
        "df |> group Contract |> summarize n = count(), rate = mean(churned)",
        "df |> group qcut(tenure, 3) |> summarize churn = mean(churned)",
      ]
    ) { inv, interp in
      var f = try inv.frame()
      var keys: [String] = []
      for e in inv.expressions("keys") {
        if let n = e.identifierName, f.index(of: n) != nil {
          keys.append(n)
          continue
        }
        if case .string(let s) = e.kind, f.index(of: s) != nil {
          keys.append(s)
          continue
        }
        let name = interp.currentSource.map { $0.text(of: e.span) } ?? "key\(keys.count + 1)"
        let v = try interp.evaluateColumn(e, over: f)
        try f.set(try columnOf(v, count: f.rowCount, name: name, span: e.span))
        keys.append(name)
      }
      guard !keys.isEmpty else { throw inv.error("group needs at least one key, e.g. group Contract") }
      _ = try f.grouped(by: keys)  // validates keys early
      return .grouped(GroupedData(frame: f, keys: keys))
    }
  }

  static var ungroup: CommandSpec {
    CommandSpec(
      name: "ungroup", category: "frames",
      summary: "Drop the grouping of a grouped frame.",
      parameters: [.data(type: .frameOrGrouped)],
      examples: ["df |> group Contract |> mutate share = MonthlyCharges / sum(MonthlyCharges) |> ungroup"]
    ) { inv, _ in .frame(try inv.frame()) }
  }

  static var summarize: CommandSpec {
    CommandSpec(
      name: "summarize", category: "frames",
      summary: "One row of aggregates (per group after `group`).",
      help: """
        Each `name = expression` must give one value, usually an aggregate such as count(), mean(x),
        share(x > 0) or quantile(x, 0.9). After `group`, the result has one row per group, keys first.
        """,
      parameters: [.data(type: .frameOrGrouped), Parameter("aggregates", .assignments, "name = aggregate pairs")],
      examples: [
        "df |> summarize n = count(), churn = mean(churned)",
        "df |> group Contract |> summarize n = count(), rate = mean(churned)",
      ]
    ) { inv, interp in
      switch inv.value("data") {
      case .grouped(let g)?: return .frame(try interp.summarizeGroups(g, inv.assignments))
      default: return .frame(try interp.summarizeFrame(try inv.frame(), inv.assignments))
      }
    }
  }

  // MARK: - Tables and statistics

  static var countValues: CommandSpec {
    CommandSpec(
      name: "count_values", category: "frames",
      summary: "How often each value of a column occurs (count and share), most frequent first.",
      parameters: [.data(), Parameter("column", .column, "the column to count")],
      options: [Option("normalize", .bool, default: .bool(false), "sort and show by share")],
      examples: ["df |> count_values Contract", "df |> count_values Churn normalize: true"]
    ) { inv, _ in
      .frame(try inv.frame().valueCounts(try inv.column("column"), normalize: try inv.bool("normalize")))
    }
  }

  static var crosstab: CommandSpec {
    CommandSpec(
      name: "crosstab", category: "frames",
      summary: "Counts of each combination of two columns (rows x columns), optionally as shares.",
      parameters: [.data(), Parameter("row", .column, "row variable"), Parameter("col", .column, "column variable")],
      options: [
        Option(
          "normalize", .choice(["none", "row", "column", "all"]), default: .string("none"),
          "shares within each row, column, or of the total")
      ],
      examples: ["df |> crosstab Contract Churn", "df |> crosstab Contract Churn normalize: \"row\""]
    ) { inv, _ in
      let norm: CrosstabNormalization
      switch try inv.string("normalize") {
      case "row": norm = .row
      case "column": norm = .column
      case "all": norm = .all
      default: norm = .none
      }
      return .frame(try inv.frame().crosstab(try inv.column("row"), try inv.column("col"), normalize: norm))
    }
  }

  static var describe: CommandSpec {
    CommandSpec(
      name: "describe", category: "frames",
      summary: "One row per column: type, count, missing, mean, sd, quantiles, distinct values, top value.",
      parameters: [.data()],
      examples: ["df |> describe"]
    ) { inv, _ in .frame(try inv.frame().describe()) }
  }

  static var corr: CommandSpec {
    CommandSpec(
      name: "corr", category: "frames",
      summary: "Pearson correlation matrix of numeric columns, or correlations with one target.",
      parameters: [
        .data(),
        Parameter(
          "columns", .columns, "columns (default: all numeric)", required: false,
          variadic: true),
      ],
      options: [Option("target", .column, "correlate every column with this one, sorted by |r|")],
      examples: ["df |> corr", "df |> corr target: churned", "df |> corr tenure MonthlyCharges TotalCharges"]
    ) { inv, _ in
      let f = try inv.frame()
      let cols = try inv.columns("columns")
      if let t = try inv.optionalColumn("target") {
        return .frame(try f.correlations(with: t, cols.isEmpty ? nil : cols))
      }
      return .frame(try f.correlationMatrix(cols.isEmpty ? nil : cols))
    }
  }

  static var oneHot: CommandSpec {
    CommandSpec(
      name: "one_hot", category: "frames",
      summary: "Replace text columns by 0/1 indicator columns, one per level.",
      parameters: [.data(), Parameter("columns", .columns, "columns to encode", variadic: true)],
      options: [Option("drop_first", .bool, default: .bool(false), "omit the first level (reference category)")],
      examples: ["df |> one_hot Contract PaymentMethod"]
    ) { inv, _ in .frame(try inv.frame().oneHot(try inv.columns("columns"), dropFirst: try inv.bool("drop_first"))) }
  }

  static var labelEncode: CommandSpec {
    CommandSpec(
      name: "label_encode", category: "frames",
      summary: "Replace text columns by integer codes (levels in sorted order, from 0).",
      parameters: [.data(), Parameter("columns", .columns, "columns to encode", variadic: true)],
      examples: ["df |> label_encode Contract"]
    ) { inv, _ in .frame(try inv.frame().labelEncoded(try inv.columns("columns"))) }
  }

  static var standardize: CommandSpec {
    CommandSpec(
      name: "standardize", category: "frames",
      summary: "Center and scale numeric columns to mean 0, sd 1.",
      parameters: [.data(), Parameter("columns", .columns, "columns to scale", variadic: true)],
      examples: ["df |> standardize tenure MonthlyCharges"]
    ) { inv, _ in .frame(try inv.frame().standardized(try inv.columns("columns"))) }
  }

  static var split: CommandSpec {
    CommandSpec(
      name: "split", category: "frames",
      summary: "Random train/test split; returns {train, test}.",
      parameters: [.data()],
      options: [
        Option("test", .number, default: .number(0.25), "share of rows in the test set"),
        Option("stratify", .column, "keep this column's proportions equal in both parts"),
        Option("seed", .int, default: .int(42), "random seed"),
      ],
      examples: ["let s = df |> split test: 0.3, stratify: churned, seed: 42", "s.train |> nrow"]
    ) { inv, _ in
      let t = try inv.double("test")
      guard t > 0 && t < 1 else { throw inv.error("test: must be between 0 and 1 (a share of rows)", at: "test") }
      let (train, test) = try inv.frame().trainTestSplit(
        testFraction: t, stratify: try inv.optionalColumn("stratify"),
        seed: try inv.int("seed"))
      return .record(Record([("train", .frame(train)), ("test", .frame(test))]))
    }
  }

  static var join: CommandSpec {
    CommandSpec(
      name: "join", category: "frames",
      summary: "Join another frame on key columns: inner, left, right, outer, semi or anti.",
      help: """
        `on:` names keys present in both frames; `by:` pairs keys with different names,
        {left_name: right_name, ...}. inner keeps matched rows, left every left row, right every right
        row, outer every row of both (missing where the other side has no match); semi keeps the left
        rows that have a match and anti those that have none (left columns only). Missing keys never
        match. A key repeated on both sides (many-to-many) is warned about; `report: true` prints
        how many rows on each side found no match and which keys repeat.
        """,
      parameters: [.data(), Parameter("other", .frame, "the frame to join")],
      options: [
        Option("on", .columns, "key columns present in both frames"),
        Option("by", .expression, "keys with different names: {left_name: right_name}, or a list of names"),
        Option(
          "kind", .choice(JoinKind.allCases.map(\.rawValue)), default: .string("inner"),
          "inner, left, right, outer, semi or anti"),
        Option("report", .bool, default: .bool(false), "print unmatched and repeated keys"),
      ],
      examples: [
        "df |> join plans on: customerID, kind: \"left\"",
        "df |> join billing by: {customerID: id}, kind: \"outer\", report: true",
      ]
    ) { inv, interp in
      var leftKeys = inv.value("on") != nil ? try inv.columns("on") : []
      var rightKeys = leftKeys
      if let by = inv.expressions("by").first {
        for (l, r) in try joinKeyPairs(by) {
          leftKeys.append(l)
          rightKeys.append(r)
        }
      }
      guard !leftKeys.isEmpty else {
        throw inv.error("join needs on: KEY (a column in both frames) or by: {left_key: right_key}")
      }
      let kind = JoinKind(rawValue: try inv.string("kind")) ?? .inner
      let (frame, report) = try inv.frame().joined(
        try inv.frame("other"), leftKeys: leftKeys, rightKeys: rightKeys,
        kind: kind)
      if report.manyToManyKeys > 0 {
        interp.warn(
          "join: \(report.manyToManyKeys) key\(report.manyToManyKeys == 1 ? " repeats" : "s repeat") on both "
            + "sides, so every pair of their rows is in the result (many-to-many); check the keys, "
            + "or pass report: true to see them", at: inv.span)
      }
      if try inv.bool("report") { interp.emitText(renderReport(report.report, style: interp.tableStyle)) }
      return .frame(frame)
    }
  }

  static var bindRows: CommandSpec {
    CommandSpec(
      name: "bind_rows", category: "frames",
      summary: "Stack frames by column name; a column a frame lacks is missing in its rows.",
      help: """
        Columns are matched by name (in order of first appearance); int and float columns combine to
        float, other type mixes are an error. `id:` adds a column holding each row's frame number (1, 2, …).
        """,
      parameters: [Parameter("frames", .frame, "the frames to stack", variadic: true)],
      options: [Option("id", .string, "name of a column recording which frame each row came from")],
      examples: ["let all = bind_rows(jan, feb)", "jan |> bind_rows feb mar id: \"month\""]
    ) { inv, _ in
      guard case .list(let items)? = inv.value("frames") else { throw inv.error("bind_rows needs frames") }
      var frames = items.compactMap { v -> DataFrame? in if case .frame(let f) = v { return f } else { return nil } }
      guard !frames.isEmpty else { throw inv.error("bind_rows needs at least one frame, e.g. bind_rows(a, b)") }
      if case .string(let id)? = inv.value("id") {
        guard frames.allSatisfy({ $0.index(of: id) == nil }) else {
          throw inv.error("id: '\(id)' is already a column; choose another name", at: "id")
        }
        frames = try frames.enumerated().map { k, f in
          var g = f
          try g.set(Column(name: id, ints: .init(repeating: k + 1, count: f.rowCount)))
          return g
        }
      }
      return .frame(try Frame.bindRows(frames))
    }
  }

  static var nrow: CommandSpec {
    CommandSpec(
      name: "nrow", category: "frames", summary: "Number of rows.", parameters: [.data(type: .frameOrGrouped)],
      examples: ["df |> nrow", "nrow(s.test)"]
    ) { inv, _ in .int(try inv.frame().rowCount) }
  }

  static var ncol: CommandSpec {
    CommandSpec(
      name: "ncol", category: "frames", summary: "Number of columns.", parameters: [.data(type: .frameOrGrouped)],
      examples: ["df |> ncol"]
    ) { inv, _ in .int(try inv.frame().columnCount) }
  }

  static var columns: CommandSpec {
    CommandSpec(
      name: "columns", category: "frames", summary: "The column names, as a list of strings.",
      parameters: [.data(type: .frameOrGrouped)],
      examples: ["df |> columns"]
    ) { inv, _ in .list(try inv.frame().columnNames.map { .string($0) }) }
  }

  // MARK: - Helpers

  /// The key pairs of `by:`: `{left: right, ...}` with names or strings as values, or one name / a
  /// list of names present on both sides.
  static func joinKeyPairs(_ e: Expr) throws -> [(String, String)] {
    func name(_ x: Expr) -> String? {
      if let n = x.identifierName { return n }
      if case .string(let s) = x.kind { return s }
      return nil
    }
    switch e.kind {
    case .record(let entries):
      return try entries.map { entry in
        guard let r = name(entry.value) else {
          throw LangError("by: maps a left column to a right column name, e.g. {customerID: id}", at: entry.value.span)
        }
        return (entry.key, r)
      }
    case .list(let items):
      return try items.map { x in
        guard let n = name(x) else { throw LangError("by: expects column names", at: x.span) }
        return (n, n)
      }
    default:
      guard let n = name(e) else {
        throw LangError("by: expects {left_name: right_name} or column names", at: e.span)
      }
      return [(n, n)]
    }
  }

  /// Re-applies the grouping of `like` (if any) to a frame.
  static func rewrap(_ f: DataFrame, like: Value) -> Value {
    if case .grouped(let g) = like { return .grouped(GroupedData(frame: f, keys: g.keys)) }
    return .frame(f)
  }
}
