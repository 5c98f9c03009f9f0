// Help topics about notebook reports and plots of results (issue 16).

extension HelpTopics {
  /// Topics about reports (`churn run --report`) and drawing results.
  public static var reports: [HelpTopic] { [notebookReports, resultPlots] }

  static let notebookReports = HelpTopic(
    "reports", title: "Notebook reports of a script", aliases: ["report", "notebook", "--report"],
    body: """
      churn run FILE.churn --report OUT.html writes the run as a document
      (OUT.md: Markdown; give --report twice for both). Lines starting #' are
      Markdown prose (#' alone is a blank line): headings, paragraphs, lists,
      *emphasis*, `code`, code blocks and [links](url). Every statement becomes
      a code cell (with the # comments above it) followed by its output:
      frames and report tables as tables, plots as inline SVG, warnings and
      the error with their caret. A failing script still gets its report.
      The header names the script, the churn version, the parameters, the
      seeds, and each file read (rows, SHA-256). The HTML is one file with no
      external scripts, fonts or styles; it reads on a phone and prints.
      Same script and data, same bytes. stdout is that of a plain run.
      --values OUT.json also writes the named values and every printed
      result as JSON (scripts/make_results.sh builds RESULTS.md from it).
      """)

  static let resultPlots = HelpTopic(
    "plots", title: "Plots of results", aliases: ["plot kinds", "svg"],
    body: """
      plot with no columns draws a result frame by its shape:
        roc m on s.test |> plot            ROC curve with the diagonal
        pr_curve m on s.test |> plot       precision-recall curve
        calibration m on s.test |> plot    observed vs predicted, with CI
        lift m on s.test |> plot           cumulative gain
        let r = rate cf
        r.toc |> plot                      TOC curve
        feature_importance m |> plot       importance bars
        effects cf |> plot                 CATE histogram
        effect_segments cf by: Contract |> plot
                                           forest plot: effect per segment
                                           with its CI (o = forest mean)
        ab_test y ~ arm on exp |> plot     difference per arm with its CI
      plot of a result value draws its picture:
        let v = validate_effects pred ~ arm on exp with outcome: churn
        plot v                             predicted vs actual by group
        let d = drift new against old
        plot d                             PSI bars, watch/drift lines
        overlap ps |> plot                 propensity by arm (also balance,
                                           rate, qini, targeting, bandit ...)
      hist x by: Churn, overlay: true draws the groups in one panel; bar,
      hist and plot X Y draw any column. Every plot prints in the terminal
      and has p.svg; svg: "file.svg" writes it. In --report documents every
      plot is inline SVG, also those inside reports (overlap, balance,
      drift). Terminal plots fit the terminal's width (at most 120 columns)
      and use ASCII when its locale is not UTF-8; width: and ascii: set them
      per plot, churn --width N and --ascii for a run. Piped output keeps
      72 columns and Unicode. Colours: the Okabe-Ito palette.
      """)
}
