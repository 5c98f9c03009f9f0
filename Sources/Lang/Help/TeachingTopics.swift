// Help topics that teach the ideas the phase scripts use: potential outcomes, confidence intervals,
// cross-fitting, RATE/TOC, causal graphs, instrumental variables, and the phase exercises.
// Shown by `help TOPIC`; listed in HelpTopics.all (Topics.swift).

extension HelpTopics {
  /// The teaching topics.
  public static var teaching: [HelpTopic] {
    [potentialOutcomes, confidenceIntervals, crossFitting, rateToc, causalGraphs, instrumentalVariables]
      + exercises
  }

  static let potentialOutcomes = HelpTopic(
    "potential_outcomes", title: "Potential outcomes: Y(0), Y(1) and the missing half",
    aliases: ["potential outcomes", "counterfactual", "y0", "y1", "selection bias"],
    body: """
      Every customer has two outcomes: Y(0), churn without the offer, and Y(1), churn with it. The effect for
      that customer is Y(1) - Y(0); we observe only one of the two (Y = T Y(1) + (1 - T) Y(0)), which is why
      causal inference is a missing-data problem. Averages are what can be recovered: ATE = E[Y(1) - Y(0)],
      ATT = E[Y(1) - Y(0) | T = 1] (help ate).
      The naive difference in means splits exactly into two parts:
        E[Y | T=1] - E[Y | T=0] = E[Y(1) - Y(0) | T=1]  +  (E[Y(0) | T=1] - E[Y(0) | T=0])
                                = effect on the treated  +  selection bias.
      Selection bias is how differently the two groups would have churned with nobody treated. It is zero when
      treatment is randomized; here agents offered discounts to riskier customers, so it is positive and the
      naive difference understates the benefit. `simulate interventions` writes y0, y1 (drawn outcomes),
      true_effect (the difference of the two churn probabilities) and true_propensity for every row, so
      `decompose_naive churn ~ treatment on sim` can show the split (phase 03, section 3). Real data never
      show Y(0) for treated customers. References: Rubin (1974); Angrist & Pischke (2009) ch. 2;
      Cunningham, The Mixtape, ch. 4.
      """)

  static let confidenceIntervals = HelpTopic(
    "confidence_intervals", title: "Confidence intervals: noise, not bias; pointwise, not simultaneous",
    aliases: ["confidence interval", "confidence intervals", "ci", "coverage", "pointwise", "simultaneous"],
    body: """
      A 95% interval is a procedure: over many repetitions of the study, 95% of the intervals it produces contain
      the true value. One interval either contains it or not. Two consequences:
      Noise, not bias. The interval measures how much the estimate would move with another sample. A biased
      estimator (the naive difference, or any adjustment that misses a confounder) gives an interval centred on
      the wrong number, and more data only narrows it around that number (phase 03, sections 3 and 9).
      Pointwise, not simultaneous. `effects cf with ci: true` gives one interval per customer. Each aims at 95%
      for its own customer; with 7,043 customers about 5%, i.e. about 350 intervals, should miss even if every
      one were exact. An interval that covers all customers at once (simultaneous, e.g. Bonferroni:
      1 - 0.05/7043 per interval, z about 4.6 instead of 1.96) is much wider.
      Whether a method's intervals reach their level is checked by simulation: `replicate` reruns a simulated
      study over seeds and reports coverage per estimator (phase 03); `replicate_forest` refits a causal forest
      on fresh simulated draws and reports its pointwise coverage overall and by fifth of the true effect
      (phase 04, section 2). With R replicates, observed coverage of an exact 95% interval varies by about
      +/- 1.96 * sqrt(0.95 * 0.05 / R) (0.10 for R = 20).
      """)

  static let crossFitting = HelpTopic(
    "cross_fitting", title: "Cross-fitting: nuisance models that never saw the row they predict",
    aliases: ["cross fitting", "crossfitting", "sample splitting", "folds"],
    body: """
      Doubly robust estimators (help doubly_robust) plug in predictions of a propensity model e(x) and outcome
      models m0(x), m1(x) - the nuisances. Cross-fitting splits the rows into K folds (5 here, stratified on
      treatment), fits the nuisances on K - 1 folds and predicts the held-out fold, so every row's predictions
      come from models that did not see it (Chernozhukov et al. 2018, "Double/debiased machine learning").
      Why: a flexible model (boosting, forests) fitted and predicted on the same rows partly memorizes their
      noise; its residuals Y - m(X) are then too small and correlated with the noise, which biases the estimate
      and shrinks its standard error. With cross-fitting the influence-function SE stays valid as long as the
      nuisance errors shrink fast enough (their product faster than 1/sqrt(n)).
      Option: `folds:` on estimate, propensity and the policy commands (`folds: 1` = in-sample). For a simple
      logistic model the difference is small; for boosted trees, compare aipw_gbm with aipw_gbm_folds1 in
      `replicate` (phase 03). Out-of-fold predictions of a churn model (`oof`) use the same idea.
      """)

  static let rateToc = HelpTopic(
    "rate_toc", title: "RATE and the TOC curve: does ranking by a score pay?",
    aliases: ["toc", "autoc", "qini", "targeting operator characteristic", "rank average treatment effect"],
    body: """
      Rank customers by a priority score (the forest's predicted benefit, or churn risk). The TOC curve
      (targeting operator characteristic) at share q is the average effect among the top q of the ranking minus
      the average effect overall: TOC(q) = E[tau | top q] - ATE. A score that finds the customers who benefit
      most has a TOC far from zero at small q. RATE summarizes the curve in one number: AUTOC is the area under
      TOC (the integral of TOC(q) over q), which stresses the top of the ranking where TOC is largest; Qini
      integrates q TOC(q), which weighs larger shares more (Yadlowsky et al. 2021, "Evaluating
      treatment prioritization rules via rank-weighted average treatment effects"). Effects are estimated from
      doubly robust scores, never from the score being ranked, and the SE comes from a bootstrap, so a RATE
      that is several SEs away from 0 says the ranking carries real heterogeneity.
      Sign in churn: effects on churn are negative when the offer helps, so `rate` and `qini` work on the benefit
      (-effect): the default priority is -effect, and a ranking that finds the customers the offer helps most has
      a POSITIVE RATE ("RATE > 0 says yes" in the output).
      Commands: rate cf, rate cf priority: risk_oof, qini cf (phase 04, section 6); compare_policies for the
      paired difference between two rankings at one share.
      """)

  static let causalGraphs = HelpTopic(
    "causal_graphs", title: "Causal graphs: back doors, colliders and what not to adjust for",
    aliases: ["dag", "causal graph", "back door", "backdoor", "collider", "post-treatment", "bad controls"],
    body: """
      Draw an arrow from each variable to the variables it affects. Here: risk -> offer, risk -> churn,
      offer -> churn (and tenure, contract ... -> risk). A BACK-DOOR path from offer to churn starts with an
      arrow INTO offer (offer <- risk -> churn); it carries association that is not effect. Adjusting for a set
      of measured variables that blocks every back-door path - and contains no descendant of the offer -
      identifies the effect (Pearl's back-door criterion). That is what "unconfoundedness given X" means.
      Three ways adjustment goes wrong:
        too little   - a back door stays open (adjusting for tenure only, phase 03 section 8; a hidden U).
        colliders    - a variable caused by both offer and churn (say, "called support after the offer")
                       opens a path when adjusted for, creating bias where there was none.
        post-treatment controls - anything the offer itself changes (usage after the offer, y1, churn) absorbs
                       part of the effect or leaks the outcome.
      The simulator's truth columns y0, y1, true_effect and true_propensity are of the last kind: they are the
      answer, not covariates. Adjusting for them gives a falsely precise estimate, so never put them in a formula
      (write covariates out, or exclude them from `.`). References: Pearl (2009); Neal, Introduction to Causal
      Inference, ch. 3-4; Huntington-Klein, The Effect, ch. 6-8.
      """)

  static let instrumentalVariables = HelpTopic(
    "instrumental_variables", title: "Instrumental variables and the LATE",
    aliases: ["late", "LATE", "instrument", "instruments", "2sls", "compliers"],
    body: """
      An instrument Z moves the treatment but affects the outcome only through it, and is as good as random
      (relevance, exclusion, independence). Two-stage least squares (2SLS) uses only the variation in treatment
      that Z causes, so it does not need the confounders to be measured - but it is much noisier than
      adjustment, and weak instruments (first-stage F below about 10) bias it towards the naive estimate.
      With a binary treatment and heterogeneous effects 2SLS estimates the LATE: the effect among COMPLIERS,
      the customers whose treatment the instrument changes (Imbens & Angrist 1994; needs monotonicity: Z never
      makes anyone less likely to be treated). The LATE equals the ATE only when compliers look like everybody;
      in phase 03 the weekday shifts every customer's offer probability by the same amount, so they do.
      Command: iv churn ~ treatment | covariates on data with instrument: Z (phase 03, section 7).
      """)

  static let exercises: [HelpTopic] = [
    HelpTopic(
      "exercises 1", title: "Phase 01 exercises: answers", aliases: ["exercise 1", "exercises 1 answers"],
      body: """
        1. Is the bundled file the real Telco data? No: it is a synthetic twin with the same columns and similar
           rates (section 1 says so); run the phases on the public file with --param data=... to compare.
        2. Fiber customers churn more than DSL customers. Is that the effect of fiber? Not shown: section 6 splits
           by contract, and within each contract fiber still churns more, but fiber customers also pay more and
           differ in tenure - a comparison within one variable removes only that variable's confounding.
        3. Why is accuracy a poor first metric here? Most customers stay (section 3's base rate), so predicting
           "nobody churns" is right for every stayer and scores the stayers' share as its accuracy.
        """),
    HelpTopic(
      "exercises 2", title: "Phase 02 exercises: answers", aliases: ["exercise 2", "exercises 2 answers"],
      body: """
        1. Why does one-hot encoding change InternetService's coefficient? A label code forces DSL (0), fiber (1)
           and no internet (2) onto one line, but their churn rates (phase 01, section 5) are not in that order, so
           one slope fits none of them. One-hot gives each level its own coefficient against a reference level.
        2. Can the logistic coefficient of tenure be read alone? Not when tenure_years (tenure / 12) is also in the
           model: the two are collinear and the penalty splits the effect between them; drop one to read it.
        3. A model is well calibrated and ranks churners well (high AUC). What does it not tell you? Whether contacting anyone
           changes their churn - prediction is not an effect (phases 03 and 04).
        """),
    HelpTopic(
      "exercises 3", title: "Phase 03 exercises: answers", aliases: ["exercise 3", "exercises 3 answers"],
      body: """
        1. Why does the naive difference understate the offer's benefit? Selection bias: the treated would have
           churned more without the offer (decompose_naive, section 3), and that positive term adds to a negative
           effect. Its interval is narrow because it measures noise, not bias.
        2. Which estimators stay close to the truth in the repeated draws when one nuisance model is wrong, and
           when both are? AIPW with one model ignoring the covariates stays close; with both wrong it is as
           biased as the naive difference (replicate table, section 6): double robustness protects against one
           wrong model, not two.
        3. How strong would a hidden confounder have to be to explain the effect away, compared with what we
           measured? The E-value (section 9) against the risk ratios of the strongest measured confounder in the
           yardstick table beside it; the hidden-confounder table shows what happens when U is that strong.
        """),
    HelpTopic(
      "exercises 4", title: "Phase 04 exercises: answers", aliases: ["exercise 4", "exercises 4 answers"],
      body: """
        1. The forest's intervals cover the true effect for fewer than 95% of customers. Where do they miss most?
           In the most helped fifth of true effects (coverage by fifth, section 2): the forest shrinks extreme
           effects towards the middle, exactly where targeting acts. One draw could be unlucky; replicate_forest
           (section 2) refits the forest on 20 fresh draws of a small design and finds the same: coverage more
           than two Monte Carlo SEs below 95%, lowest in an extreme fifth of the true effect.
        2. In the standard scenario, does ranking by the forest's effect beat ranking by churn risk? No: the
           effect grows with risk there. On the held-out half (section 6: a forest grown on the other half,
           compare_policies at a 20% share on customers it never saw) the truth puts risk ranking next to the
           oracle and effect ranking a little behind; the doubly robust paired difference has the same sign but
           is under two SEs from zero. In the persuadables scenario the truth favours effect ranking clearly,
           yet the held-out doubly robust difference cannot see it (within one SE of zero, and it cannot tell
           even the oracle from the forest's ranking): on this sample the data alone leave the question open.
        3. Why is `effects cf` (out-of-bag) preferred to `effects cf on sim` for the training customers? The
           out-of-bag prediction uses only trees that never saw the customer; `on sim` treats them as new rows and
           is optimistic.
        """),
    HelpTopic(
      "exercises 5", title: "Phase 05 exercises: answers", aliases: ["exercise 5", "exercises 5 answers"],
      body: """
        1. Is the naive comparison of section 2 as trustworthy as the experiment? No. It lands near the truth
           because these customers are a narrow band of risk, the main driver of who got an offer, so the
           selection bias is small (decompose_naive, section 2) - but only the simulator's y0 shows that, and
           any unmeasured driver of the offer would bias it. Its interval measures noise, not bias. Randomizing
           makes the arms differ only by chance in every covariate, measured or not (balance, section 3), so the
           experiment's difference is unbiased by design; section 5 prints it beside the truth.
        2. How often would daily reading with a stop at p < 0.05 declare an effect that does not exist? The
           peeking table (section 8): several times the 5% of a single planned look. Read the confidence sequence
           instead (help sequential): valid at every look, at the price of width and a later decision.
        3. Did the forest rank the responses correctly, and get their size? The ranking, yes: the experiment's
           actual effects fall in the predicted order (section 6, R² of predicted vs actual). The size, no: the
           calibration slope is well below 1, several of its SEs away, so the forest's predicted differences
           between groups are larger than the real ones. Four groups are four noisy points: confirm with more.
        4. Which allocation loses the fewest customers? Thompson sampling per internet-service segment: the
           lowest regret and almost all decisions on each segment's best action (best_arm_share). Global Thompson
           settles on the one action best on average and keeps giving it to segments where another action is
           better (section 9, the by-segment table of true retention probabilities).
        """),
    HelpTopic(
      "exercises 6", title: "Phase 06 exercises: answers", aliases: ["exercise 6", "exercises 6 answers"],
      body: """
        1. Why does the policy overstate its own gains? It treats the customers whose ESTIMATED effects are most
           negative, and the most negative estimates are partly estimation noise (the winner's curse). Section 7
           prints both: predicted_retained_per_1000 (from the forests) against retained_per_1000 (the truth).
        2. Is the policy tree's gain real? Its doubly robust value on the rows it was grown on is optimistic: the
           rule was chosen to look best there. On next month's customers (section 5, policy_value of tree_arm)
           the doubly robust churn prevented has an interval that spans zero. Decide on the value measured on
           customers the rule never saw; the truth (true churn prevented) is small in both.
        3. Should this policy be switched on? Not on this evidence: in the comparison table (section 5) its
           doubly robust prevented churn and net value are not distinguishable from treating nobody (intervals
           span zero), and no targeting rule shows a positive net value. The truth agrees: section 7's
           net_per_1000 and roi are negative. More history, cheaper actions, or require_ci are the next steps.
        4. Which features drift after the price rise? tenure and MonthlyCharges (section 6: KS p-values far
           below the cut and PSI above 0.25); the check advises retraining. TotalCharges was not changed in the
           shifted batch, so it is not flagged - a real price rise would move it too.
        """),
  ]
}
