// Help topics for watching and adapting experiments: peeking, confidence sequences, bandits. Shown by
// `help TOPIC`; the design and analysis topics (power, p-value, SRM) live beside the experiment commands.

extension HelpTopics {
  /// The monitoring topics.
  public static var monitoring: [HelpTopic] { [peeking, sequential, bandits] }

  static let peeking = HelpTopic(
    "peeking", title: "Peeking: why a daily z test lies", aliases: ["optional stopping"],
    body: """
      A fixed-horizon test (z test, chi-squared, t test) promises a 5% false-positive rate for ONE look at a
      sample size fixed in advance. Looking every day and stopping the first time p < 0.05 gives the null
      30 chances instead of one: the running z statistic wanders, and sooner or later it crosses 1.96 by
      chance. Read daily for 30 days, an A/A test (no difference at all) is declared significant in about
      28% of experiments (2,000 simulated tests), not 5%.
      Remedies: decide the sample size with a power analysis and look once; or use a test built for
      continuous monitoring — a confidence sequence (help sequential), valid at every look at once.
      Demonstration: peeking simulations: 2000, days: 30, per_day: 100
      """)

  static let sequential = HelpTopic(
    "sequential", title: "Always-valid inference: confidence sequences",
    aliases: ["confidence sequence", "always valid", "anytime valid"],
    body: """
      A confidence sequence is a sequence of intervals C_1, C_2, ... that covers the true effect at EVERY
      time simultaneously with probability 1 - alpha. So it may be checked after every customer and the
      experiment stopped whenever it excludes 0, without inflating the error rate.
      churn uses the asymptotic confidence sequence of Waudby-Smith et al. (2024): with pseudo-outcomes
      phi_i whose mean is the effect (difference in means, made from the randomization's known share),
      running mean m_t and running SD s_t,
          m_t +/- s_t * sqrt( 2(t rho^2 + 1)/(t^2 rho^2) * log( sqrt(t rho^2 + 1)/alpha ) ),
      the Robbins normal-mixture boundary; rho is tuned so the sequence is tightest at the planned size.
      Price: at the planned size it is about 1.55x as wide as a fixed-horizon interval (alpha = 0.05); in
      exchange the look schedule does not matter. "Asymptotic" means the guarantee is approximate for small t:
      do not stop on the first few dozen customers.
      Command: sequential churn ~ arm on exp with control: "control", time: day
      """)

  static let bandits = HelpTopic(
    "bandits", title: "Bandits: learning while allocating",
    aliases: ["bandit", "thompson sampling", "multi-armed bandit"],
    body: """
      An A/B test spends half its traffic on the worse arm until it ends. A bandit shifts traffic towards
      the arm that looks best as evidence accumulates, trading some certainty about the losers for fewer
      customers sent to them.
      Thompson sampling (Thompson 1933; Russo et al. 2018 tutorial): keep a Beta(1 + successes,
      1 + failures) posterior per arm; for each customer draw one success rate from every posterior and
      play the arm with the largest draw. Arms are played in proportion to the probability that they are
      best. Per segment (by: Contract): one posterior per segment and arm, so different segments can
      settle on different arms. Epsilon-greedy: play the best-looking arm, except a random one with
      probability epsilon (it never stops wasting epsilon of traffic).
      Regret = expected successes lost against always playing the best arm. A bandit is for allocating,
      not for measuring: its adaptive data bias naive arm averages, and it needs a clear reward (here:
      retention), so keep a randomized holdout when the effect itself must be estimated.
      Command: bandit p_none p_offer on customers with horizon: 100000, by: Contract
      """)
}
