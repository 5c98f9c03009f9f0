// Help topics for evaluating decisions: doubly robust policy values, targeting, policy trees and drift.
// Shown by `help TOPIC`; listed in HelpTopics.all (Topics.swift).

extension HelpTopics {
  /// The policy-evaluation topics.
  public static var policyEvaluation: [HelpTopic] { [policyEvaluationTopic, policyTreeTopic, driftTopic] }

  static let policyEvaluationTopic = HelpTopic(
    "policy_evaluation", title: "Policy evaluation without the truth (doubly robust)",
    aliases: ["policy evaluation", "policy value", "targeting", "compare policies"],
    body: """
      A policy gives each customer an arm (an offer or none). Its value is the churn rate if every customer got the
      arm the policy picks. Logged data show only the arm each customer actually got, so the value is estimated with
      the AIPW score of every arm: Γi(a) = m_a(Xi) + 1{Ti = a}(Yi − m_a(Xi)) / e_a(Xi), with cross-fitted outcome
      models m_a and propensities e_a (help doubly_robust). V(π) = mean Γi(π(Xi)), SE = sd / √n, 95% CI ± 1.96 SE.
      Churn prevented = V(treat none) − V(π); with customer values v and costs c the net value per customer is
      mean[(Γi(none) − Γi(π(i))) · vi − c(π(i))]. Differences between two policies are PAIRED (same customers): their
      SE comes from the per-customer differences, so the noise of customers both policies treat the same way cancels;
      it is much smaller than either value's SE when the policies mostly agree, but two rankings that pick different
      customers can have a difference SE as large as the values' (phase 04, section 6).
      Assumptions: unconfoundedness and overlap (help confounding, help overlap), and a policy fixed before looking
      at these rows — a policy learned on the same data looks better than it is (evaluate it on held-out rows).
      Targeting: rank customers by predicted benefit (−effect from a causal forest) or by churn risk and treat the top
      share; `targeting` draws churn prevented against the share treated. When the most at-risk customers are not the
      most persuadable (`simulate interventions … scenario: persuadables`), effect ranking prevents more churn in
      truth; whether a doubly robust comparison on held-out customers can show it depends on the sample (in phase 04,
      section 6, it cannot).
      Commands: policy_value, compare_policies, targeting.  See also: help policy_tree, help cate.
      """)

  static let policyTreeTopic = HelpTopic(
    "policy_tree", title: "Policy trees: a readable targeting rule", aliases: ["policy tree", "policytree"],
    body: """
      A policy tree of depth 2 asks two yes/no questions about a customer (tenure <= 12? Contract is Month-to-month?)
      and gives each of the four groups one arm. Among all such trees over the chosen covariates, `policy_tree` finds
      the one with the largest total doubly robust reward (churn prevented, or net money with values and costs):
      the exact search of Athey & Wager (2021), as in R's policytree. It sorts each covariate once and uses running
      sums of the rewards, so one depth-1 problem costs O(p·n·A) and the depth-2 search O(p²·n²·A); `thresholds: q`
      only tries q quantiles per covariate when that is too slow. The tree is a rule people can read and audit; it
      is usually a little worse than per-customer targeting by a forest, and its in-sample value is optimistic:
      evaluate it with assign_policy + policy_value on other rows.
      Commands: policy_tree, assign_policy.  See also: help policy_evaluation.
      """)

  static let driftTopic = HelpTopic(
    "drift", title: "Drift: has the population changed since training?", aliases: ["data drift", "psi", "ks"],
    body: """
      A model is trained on last year's customers and used on this month's. `drift NEW against REFERENCE` compares
      each feature: numeric ones with the two-sample Kolmogorov–Smirnov test (D = largest gap between the two
      empirical CDFs; exact p-value up to 10,000 rows per side, asymptotic beyond, as scipy's ks_2samp), text ones
      with Pearson's χ² over the levels seen in either sample (levels new in this month count against it), and all
      with the population stability index PSI = Σ (q − p) ln(q/p) over 10 quantile bins of the reference (empty bins
      floored at 0.01%). Tests answer "is there any difference?" — with thousands of rows even a harmless one is
      significant — so the size matters more: PSI < 0.1 stable, 0.1–0.25 watch, ≥ 0.25 drifted (credit-scoring
      convention). A feature drifts at PSI ≥ 0.25, or when its test is significant at 0.01/k (Bonferroni over k
      features) and PSI ≥ 0.1. One drifted feature means: re-check the model and the policy, and retrain.
      Command: drift.
      """)
}
