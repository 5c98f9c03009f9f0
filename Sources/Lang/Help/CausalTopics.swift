// Help topics that teach the causal side of churn: what the estimands mean, the assumptions they
// rest on, and how the estimators work. Shown by `help TOPIC`; see Topics.swift for the language topics.

extension HelpTopics {
  /// The causal-inference topics.
  public static var causal: [HelpTopic] {
    [ate, cate, confounding, overlap, propensity, balance, ipw, doublyRobust, honesty, causalForest, rLoss, evalue]
  }

  static let ate = HelpTopic(
    "ate", title: "Average treatment effect (ATE, ATT, ATC, overlap)", aliases: ["ATE", "att", "atc"],
    body: """
      ATE = E[Y(1) - Y(0)]: the change in churn probability if everyone were treated versus if no one were.
      Y(1), Y(0) are potential outcomes; we observe only one per customer, so the ATE is identified only under
      assumptions (see: help confounding, help overlap). Sign convention in churn: effect on churn, so an
      intervention that works has a NEGATIVE effect; "churn reduction" columns show -effect.
      Related targets: ATT (effect on the treated), ATC (on the controls), overlap-weighted ATE
      E[e(1-e)tau]/E[e(1-e)], which down-weights customers whose treatment was nearly certain.
      Commands: estimate ate ..., ate CF.  See also: help doubly_robust, help ipw.
      """)

  static let cate = HelpTopic(
    "cate", title: "Conditional average treatment effect (CATE)", aliases: ["CATE", "heterogeneity"],
    body: """
      tau(x) = E[Y(1) - Y(0) | X = x]: the average effect among customers who look like x. It is what a per-customer
      decision needs: treat when -tau(x) x value > cost. Estimated here by a causal forest (help causal_forest).
      A CATE estimate is noisy: check its calibration (calibration_test), whether ranking by it pays (rate, qini),
      and read intervals as pointwise and approximate: a 95% interval aims to cover one customer's effect 95% of
      the time, never all customers at once. The aim is asymptotic; in churn's own simulations, where the truth is
      known, the forest's intervals cover 0.91 of customers on the churn simulation and 0.50-0.79 on Nie & Wager's
      setup D (phase 04), and they miss most where the benefit is largest (0.87 in the most helped fifth) -
      exactly where targeting happens. See: help honesty.
      """)

  static let confounding = HelpTopic(
    "confounding", title: "Confounding and unconfoundedness", aliases: ["confounder", "unconfoundedness"],
    body: """
      A confounder affects both who gets treated and the outcome. Here at-risk customers were offered more
      discounts, so treated customers churn more even if discounts help: the naive difference in churn between
      treated and untreated mixes the effect with the difference in risk. Adjusting for the confounders X
      (propensity weighting, outcome regression, doubly robust) removes this bias only if every confounder is
      measured: unconfoundedness, {Y(0), Y(1)} independent of T given X. It cannot be tested from the data; probe it with
      sensitivity analysis (help evalue).
      """)

  static let overlap = HelpTopic(
    "overlap", title: "Overlap (positivity)", aliases: ["positivity", "common support"],
    body: """
      Every kind of customer must have had a real chance of both treatment and control: 0 < e(x) < 1, where
      e(x) = P(T = 1 | X = x) is the propensity score. Where e(x) is near 0 or 1 the data hold (almost) no
      comparison, IPW weights explode and every estimator extrapolates. churn reports the share of propensities
      outside [0.05, 0.95], the common-support range and a histogram by group; remedies are trimming (changes the
      target population: say so) or the overlap-weighted target.
      """)

  static let propensity = HelpTopic(
    "propensity", title: "Propensity scores", aliases: ["propensity score", "e(x)"],
    body: """
      e(x) = P(T = 1 | X = x). Fitted by logistic regression or gradient boosting, cross-fitted (each row scored by
      a model that did not see it). Balance, not AUC, judges a propensity model: after weighting, standardized mean
      differences of every covariate should be below 0.1 (help balance).
      """)

  static let balance = HelpTopic(
    "balance", title: "Covariate balance (SMD)", aliases: ["smd", "love plot"],
    body: """
      Standardized mean difference SMD = (mean_treated - mean_control) / sqrt((var_treated + var_control) / 2).
      |SMD| < 0.1 is the usual threshold for adequate balance; the variance ratio should be near 1 (0.5 - 2).
      Compare before and after weighting: the love plot shows both, ○ before and ● after (o and * with
      ascii: true), one row per covariate, with the 0.1 threshold drawn as ┊.
      """)

  static let ipw = HelpTopic(
    "ipw", title: "Inverse propensity weighting", aliases: ["IPW", "hajek", "horvitz_thompson", "weighting"],
    body: """
      Weight treated customers by 1/e(x) and controls by 1/(1 - e(x)): the weighted sample looks as if treatment
      had been randomized. Horvitz-Thompson: mean(T Y / e) - mean((1 - T) Y / (1 - e)). Hajek normalizes the
      weights to sum to one in each group, which is more stable. Consistent only if the propensity model is right.
      """)

  static let doublyRobust = HelpTopic(
    "doubly robust", title: "Doubly robust estimation (AIPW)", aliases: ["doubly_robust", "aipw", "AIPW", "dr"],
    body: """
      psi_i = m1(x) - m0(x) + T (Y - m1(x)) / e(x) - (1 - T)(Y - m0(x)) / (1 - e(x));  ATE = mean(psi),
      SE = sd(psi) / sqrt(n). Combines an outcome model m_t(x) = E[Y | T = t, X = x] with the propensity e(x): the
      estimate is consistent if EITHER model is right, and its error is a product of the two models' errors, so
      flexible learners (forests, boosting) can be used at the usual root-n rate. Cross-fitting (K folds: each
      row's nuisances come from models fit on the other folds) stops the learners' overfitting from biasing it.
      """)

  static let honesty = HelpTopic(
    "honesty", title: "Honest trees", aliases: ["honest"],
    body: """
      An honest tree uses one half of its sample to choose splits and the other half to estimate the effect in
      each leaf. Splits chosen to make effects look different cannot then also inflate the estimates.
      What it buys: the leaf estimates are not biased by the search for splits, which is one of the conditions
      under which Wager & Athey (2018) prove the forest's predictions asymptotically normal, so intervals are
      valid in the limit. What it does not buy: it does not remove the forest's smoothing bias (an average
      over a leaf pulls extreme effects towards the middle), so in finite samples intervals centred on a biased
      estimate undercover - 0.91 instead of 0.95 on the churn simulation, 0.50-0.79 on setup D (phase 04) - and
      most where the true effect is largest: 0.87-0.88 in the three fifths of churn customers the offer helps
      most, 0.96-0.98 in the two it helps least (phase 04, section 2). Over 20 fresh draws of Nie & Wager's
      setup A (replicate_forest, same section) coverage is 0.90 with a Monte Carlo SE of 0.016, and 0.74 in the
      fifth of rows with the lowest true effect: the shortfall is the method's, not one draw's. Honesty also
      costs precision: half the sample sets the splits only.
      """)

  static let causalForest = HelpTopic(
    "causal forest", title: "Causal forests (generalized random forests)", aliases: ["causal_forest", "grf"],
    body: """
      Trees split where the treatment effect changes most (gradient pseudo-outcome rho computed in each node),
      on residualized data Y - m(x), W - e(x) (orthogonalization, as in the R-learner), with honest leaves.
      tau(x) is a locally weighted residual-on-residual regression with the forest's weights. Variance from the
      bootstrap of little bags: trees grown in groups of 2 on shared half-samples. Athey, Tibshirani & Wager (2019).
      """)

  static let rLoss = HelpTopic(
    "rloss", title: "The R-loss: scoring effect estimates without the truth", aliases: ["r_loss", "r-loss", "tune"],
    body: """
      No customer shows both potential outcomes, so an effect estimate cannot be scored against its truth. The
      R-loss of Nie & Wager (2021) can be computed anyway: mean((Y - m(x)) - tau(x) (W - e(x)))^2 on the
      residualized data. With the true m and e its expected value is a constant plus the squared error of tau
      weighted by e(x)(1 - e(x)): lower R-loss, lower weighted error. churn scores out-of-bag effects with it to
      choose the local linear correction's penalty (`local_linear:`) and the forest's own settings
      (`tune: all`; `tuning cf` then lists what was tried), and `rloss cf cf2` compares forests you fit
      yourself (another covariate set, e.g. with a churn-risk score; other options or nuisance learners). A
      choice is taken only when it beats the default by two standard errors: the differences are often tiny
      next to the outcome noise, and taking noise-level winners would change the forest at random.
      """)

  static let evalue = HelpTopic(
    "evalue", title: "E-values: sensitivity to unmeasured confounding", aliases: ["e-value", "sensitivity"],
    body: """
      The minimum strength of association, on the risk-ratio scale, that an unmeasured confounder would need with
      both the treatment and the outcome to explain away the estimate: E = RR + sqrt(RR (RR - 1)) for RR >= 1
      (use 1/RR when RR < 1). Reported for the estimate and for the CI bound closest to 1 (VanderWeele & Ding 2017).
      """)

}
