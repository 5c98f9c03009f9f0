// Help topics for column functions, window functions, functions of your own and combining frames
// (issue 17).

extension HelpTopics {
  /// Topics about functions inside expressions and about stacking and joining frames.
  public static var functionTopics: [HelpTopic] { [windows, userFunctions, combining, textFunctions, dates] }

  static let windows = HelpTopic(
    "window functions", title: "Window functions: ranks, running totals, lags",
    aliases: ["windows", "window", "ranks"],
    body: """
      A window function gives one value per row that depends on the other rows.
      After group it runs within each group; otherwise over the whole frame.
        df |> group customerID |> mutate visit = row_number(order_by: month),
              change = MonthlyCharges - lag(MonthlyCharges, order_by: month)
      row_number()  1, 2, 3 ... in frame (or order_by:) order
      rank(x)       ties share the smallest rank: 1, 2, 2, 4 (dplyr's min_rank)
      dense_rank(x) no gaps: 1, 2, 2, 3;  percent_rank(x) (rank - 1) / (m - 1)
      ntile(x, k)   bucket 1..k, sizes differ by at most one, larger first
      cumsum(x), cummean(x)   running; NA from the first missing value on
      lag(x, n: 1, default: NA), lead(...)   the value n rows before / after
      A missing x keeps a missing rank and is not counted (m = non-missing rows).
      rank(-x) ranks from the largest.
      """)

  static let userFunctions = HelpTopic(
    "user functions", title: "Functions of your own: fn and map",
    aliases: ["fn", "lambda", "your own functions"],
    body: """
      fn NAME(a, b) = expression defines a function; call it as NAME(x, y).
        fn pehe(fx) = sqrt(mean((fx.effect - fx.true_effect) ^ 2))
        pehe(effects cf)
      fn(x) = expression is a function without a name, for map:
        map([500, 1000, 2000], fn(t) = pehe(effects (causal_forest y ~ w | x1 + x2
            on nw with trees: t)))
      map(list, f) calls f on each item; when every result is a record with the
      same fields, the results form a frame, one row per item:
        map([5, 10, 20], fn(leaf) = {leaf: leaf, n: leaf * 2})
      Scope is lexical: the body sees its parameters, the parameters of the
      function it was written in, and the script's variables - never the
      caller's locals, nor a frame's columns unless passed in.
      if_else(cond, a, b) with a single true/false evaluates only the branch it
      takes, so recursion can stop: fn fact(n) = if_else(n <= 1, 1, n * fact(n - 1)).
      Calls nest at most 200 deep. help NAME shows a function's signature.
      """)

  static let combining = HelpTopic(
    "combining frames", title: "Stacking and joining frames",
    aliases: ["joins", "stacking"],
    body: """
      bind_rows(jan, feb, id: "month") stacks frames by column name: a column
      one frame lacks is NA in its rows; int and float combine to float, other
      mixes are an error naming the column. id: records each row's frame (1, 2).
      join matches rows on keys:
        a |> join b on: customerID                  same name on both sides
        a |> join b by: {customerID: id}            different names
        kind: inner | left | right | outer | semi | anti
      inner keeps matches; left/right keep every row of that side; outer keeps
      all rows; semi keeps left rows with a match, anti those without (left
      columns only). Missing keys never match. report: true prints the rows
      with no match on each side and the keys that repeat; a key repeated on
      both sides (many-to-many) is a warning, since every pair becomes a row.
      """)

  static let textFunctions = HelpTopic(
    "text functions", title: "Text, conditions and formatting",
    aliases: ["strings", "regex", "regular expressions"],
    body: """
      str_len(x), substr(x, start, stop) (from 1, both ends included), upper,
      lower, trim. str_detect(x, pattern) and replace(x, pattern, with) use
      regular expressions: "^Bank", "\\\\(automatic\\\\)$", "(\\\\d+)-(\\\\d+)" with
      "$2/$1" in the replacement. format(x, digits: 3) fixes the decimals.
      "AUC: " + m.auc joins text and a number, printed as print shows it.
      case_when(cond1, value1, cond2, value2, default: v): the first true
      condition wins; a missing condition counts as not true. if_else(c, a, b)
      is NA where c is NA. Missing text stays missing in every function.
      """)

  static let dates = HelpTopic(
    "dates", title: "Dates", aliases: ["date", "timestamps"],
    body: """
      read_csv(path, types: {signup: "date", cancel: "date"}) reads ISO dates
      (2024-05-01) and timestamps (2024-05-01T13:45:00Z, keeping the date as
      written) as date columns; as_date(x) converts text in an expression.
      Dates print as 2024-05-01 and are written to CSV that way.
        mutate days = cancel - signup        difference in days (a number)
        year(d) month(d) day(d) weekday(d)   weekday: 1 = Monday ... 7 = Sunday
      A value that is not an ISO date is an error naming it and its line; list
      such spellings in na: to read them as missing. Arithmetic on a date gives
      a plain number of days (signup + 30 prints as a day count).
      """)
}
