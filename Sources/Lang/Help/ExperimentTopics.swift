// Help topics that teach the design and analysis of experiments: power, what a p-value is (and is not), and
// the sample-ratio-mismatch check. Shown by `help TOPIC`; see Topics.swift for the language topics.

extension HelpTopics {
  /// The experiment design and analysis topics.
  public static var experiment: [HelpTopic] { [power, pValue, srm] }

  static let power = HelpTopic(
    "power", title: "Power and sample size", aliases: ["sample size", "mde"],
    body: """
      Power is the chance that a test detects an effect of a given size if it is really there. Fixing alpha (the
      false-positive rate, 0.05) and the power (0.8) leaves one free quantity: the effect you can detect with n
      customers per arm, or the n you need for an effect.
      Two proportions: Cohen's h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p2)); with N = n1 n2 / (n1 + n2),
        power = Phi(h sqrt(N) - z_{1-alpha/2}) + Phi(-h sqrt(N) - z_{1-alpha/2})   (statsmodels NormalIndPower)
      and the textbook closed form n = (z_{1-alpha/2} + z_power)^2 (p1 q1 + p2 q2) / (p1 - p2)^2.
      Churn 42% -> 32% needs 365 customers per arm (362 by the closed form). Two means use the t test with
      the noncentral t distribution (d = difference / sd).
      Small effects are expensive: n grows with 1/effect^2, so halving the effect quadruples the experiment.
      Several arms: each comparison with the control at alpha/(arms - 1) (Bonferroni); Holm's procedure
      rejects at least as much, so a Bonferroni plan is safe for a Holm analysis.
      An underpowered test that "finds nothing" is not evidence of no effect, and the effects it does find
      are exaggerated (only the lucky draws cross the threshold).
      Commands: power proportions p1: 0.42, p2: 0.32;  power means difference: 3, sd: 10;
      mde proportions p1: 0.42, n: 500;  power_curve proportions p1: 0.42, p2: 0.32.
      """)

  static let pValue = HelpTopic(
    "p-value", title: "What a p-value is (and is not)", aliases: ["p value", "pvalue", "significance"],
    body: """
      The p-value is the probability, computed assuming there is NO effect (and the test's assumptions hold),
      of a difference at least as large as the one observed. p = 0.003 says: if the offer did nothing, a gap
      this big would turn up about 3 times in 1,000 experiments.
      It is NOT:
      - the probability that there is no effect (that needs a prior; the data alone cannot give it);
      - the probability the result is a fluke, or that it will replicate;
      - a measure of the effect's size or importance: with enough customers a negligible effect gets a tiny p,
        so always read the difference and its confidence interval;
      - valid if you peek and stop when it dips below 0.05, test many segments or metrics and report the best,
        or change the analysis after seeing the data. Those inflate the false-positive rate far above alpha.
      p > 0.05 is not proof of no effect: check the interval and the power.
      Several arms: ab_test reports Holm-adjusted p-values (p_holm) so the family-wise error stays at alpha.
      See also: help power, help srm.
      """)

  static let srm = HelpTopic(
    "srm", title: "Sample ratio mismatch (SRM)", aliases: ["sample ratio mismatch", "sample ratio"],
    body: """
      If an experiment planned a 50/50 split but logged 5,210 vs 4,790 users, something is broken: the
      chi-square goodness-of-fit test, sum (observed - expected)^2 / expected on arms - 1 df, gives p = 0.00003.
      Usual causes: a bug in the assignment, users dropped on a redirect or a crash in one arm, bots filtered
      differently, a late start of one arm, or analysing a subset defined after treatment.
      A mismatch means the arms are no longer comparable, so the effect estimate cannot be trusted, however
      small its p-value. churn checks every ab_test (planned: for unequal splits) and warns loudly at
      p < 0.001; `srm counts: [5210, 4790]` checks typed counts. Find the cause before reading the result.
      """)
}
