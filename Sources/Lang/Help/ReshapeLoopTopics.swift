// Help topics for reshaping (pivot_longer / pivot_wider / slice) and for loops and ranges (issue 17).

extension HelpTopics {
  /// Topics about reshaping frames and about `for` loops.
  public static var reshapeLoopTopics: [HelpTopic] { [reshaping, loops] }

  static let reshaping = HelpTopic(
    "reshaping", title: "Long and wide frames: pivot_longer, pivot_wider, slice",
    aliases: ["pivot", "pivot_longer", "pivot_wider", "melt", "long and wide"],
    body: """
      pivot_longer stacks columns into name/value rows (tidyr; pandas' melt):
        sales |> pivot_longer q1 q2 q3 names_to: "quarter", values_to: "amount"
      pivot_wider spreads them back, one column per distinct name:
        long |> pivot_wider names_from: quarter, values_from: amount
      Rows are the distinct id columns (id_cols:, default every other column);
      a combination with no row is NA. Two rows for one cell are an error unless
      aggregate: says how to combine them (count, sum, mean, median, sd, min,
      max, n_distinct), e.g. churn rate by contract and gender:
        df |> pivot_wider names_from: Contract, values_from: churned,
              id_cols: gender, aggregate: mean
      slice picks rows by position (from 1): slice 1:10, slice -(1:10) drops
      them, slice [1, 5]; after group, per group. slice_head n / slice_tail n.
      """)

  static let loops = HelpTopic(
    "for", title: "Loops and ranges: for x in list { ... }, 1:10",
    aliases: ["loops", "loop", "for loops", "range", "ranges"],
    body: """
      for x in LIST { statements } runs the statements once per item:
        for t in [500, 1000, 2000] {
          let cf = causal_forest y ~ w | x1 + x2 on nw with trees: t, seed: 7
          print "trees: " + t
          ate cf
        }
      LIST is a list, a range (1:5, 5:1) or a column; put a pipeline in
      brackets: for c in (df |> columns) { ... }. The body has its own scope:
      the loop variable and its lets are gone after the loop, and the script's
      variables are not changed - to collect results use map, which returns a
      list (or a frame when each result is a record). Loops nest; an error names
      the pass and the item; Ctrl-C stops between passes.
      a:b is the list of whole numbers from a to b (R's colon); -(1:3) negates.
      """)
}
