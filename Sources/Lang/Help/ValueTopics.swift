// Help topics about how churn shows and reads values: display precision, round-tripping numbers, and
// what read_csv does with special values and stray text (issue 11, items 4–6).

extension HelpTopics {
  /// Topics about printed numbers and values read from files.
  public static var values: [HelpTopic] { [numbers, csvValues] }

  static let numbers = HelpTopic(
    "numbers", title: "How numbers print", aliases: ["digits", "precision"],
    body: """
      Tables and reports show numbers with 6 significant digits, trailing zeros
      trimmed (110.95, 0.265371); a column shows more when two different values
      would otherwise look alike. :digits N (REPL) or show df digits: N changes it.
      A number printed on its own shows at least 10 digits: 1834.58 prints 1834.58.
      as_string(x) and write_csv write the shortest text that reads back exactly
      (0.1 + 0.2 is 0.30000000000000004), so nothing is lost on the way out.
      Estimates: the SE with 4 significant digits, the estimate and its interval
      to the same decimal place (ATE: -0.132840 (SE 0.008810) ...).
      p-values below 1e-300 print as <1e-300 in tables, p<0.001 on estimate lines.
      """)

  static let csvValues = HelpTopic(
    "csv values", title: "Values in CSV files", aliases: ["csv", "read_csv values", "infinity"],
    body: """
      read_csv infers int, float, bool or text per column.
        inf, -inf, Infinity, -Infinity (any case) are numbers; nan is missing.
        missing: [...] replaces the missing spellings (default: pandas' list);
        na: ["--", "?"] adds spellings to it.
        types: {customerID: "text"} fixes a column's type (text keeps 0000123).
      When a few values make a column of numbers text, read_csv warns and names
      them with their lines; pass them in na: to read them as NA.
      Columns a simulator marks as truth (y0, true_effect, ...) lose that mark
      when written to CSV and read back.
      """)
}
