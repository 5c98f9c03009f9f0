// Help topics of the retention policy: how effects, costs and customer value become a decision, budgets,
// and saved policies. Shown by `help policy`; see Topics.swift for the table of all topics.

extension HelpTopics {
  /// The retention-policy topics.
  public static var policy: [HelpTopic] { [retentionPolicy] }

  static let retentionPolicy = HelpTopic(
    "policy", title: "Retention policy: who gets which intervention, at what cost",
    aliases: ["net value", "budget", "recommend", "retention policy", "saved policy"],
    body: """
      A policy turns estimates into decisions. For customer i and intervention k (effects on churn, so a
      helpful intervention has a NEGATIVE effect tau):
        churners prevented  = -tau_k(x_i)                 (a probability: expected churners, per customer)
        value saved         = -tau_k(x_i) * v_i           (v_i from the value expression, e.g. MonthlyCharges * 12)
        net value           = -tau_k(x_i) * v_i - cost_k  (interval: the effect's 95% interval mapped the same way)
      The recommendation is the intervention of highest positive net value, or none when:
        - the churn probability from the churn model is below threshold (default 0.3: low risk, leave alone);
        - no intervention is worth its cost (net value <= 0 for every arm);
        - with require_ci: true, no worthwhile arm's effect interval lies wholly below zero.
      Budgets: `budget: 50000` keeps the treated customers with the highest net value per unit of cost until
      the money runs out (a greedy knapsack: a customer who no longer fits is skipped, cheaper ones after may
      still be taken); `share: 0.1` treats at most 10% of the customers, highest net value first. The rest are
      marked over_budget.
        let pol = policy churn: m, effects: {discount_99: cf1, support_call: cf2},
                         costs: {discount_99: 99, support_call: 45}, value: "MonthlyCharges * 12"
        let recs = recommend pol on new_customers with share: 0.1
        recs.table |> head 10
        save pol to "policy.bin"          # one checksummed file; `load "policy.bin"` gives it back
      The value expression is plain arithmetic over numeric columns (+ - * / ^, parentheses, min, max, abs,
      sqrt, log, exp), evaluated by the policy itself, so a saved policy needs no script. The saved file holds
      the feature schema (columns, types, category levels), the churn model, one forest per intervention,
      costs, the value expression and the rule; a frame with a missing column or a category level never seen
      in training is refused, naming it. Caveats: the effects are estimates from (here) observational data, so
      the decisions inherit their assumptions (help confounding, help overlap); intervals are pointwise; the
      net value treats v_i as known. See also: help cate, help causal_forest.
      """)
}
