// Help topics for every model kind of `fit` and every method of `estimate` that has no topic of its
// own elsewhere (`help ols`, `help naive`), so that each name a user can type has help.

extension HelpTopics {
  /// The model-kind and estimation-method topics.
  public static var models: [HelpTopic] {
    [logit, ols, tree, randomForest, gbm, naive, regressionAdjustment, matching]
  }

  static let logit = HelpTopic(
    "logit", title: "Logistic regression (fit logit)", aliases: ["logistic", "logistic regression"],
    body: """
      P(y = 1 | x) = 1 / (1 + exp(-x'b)), fitted by Newton's method (IRLS) to the maximum likelihood. The summary
      is statsmodels' Logit table: coefficients with Wald SE, z, p and 95% CI, the log-likelihood and the
      pseudo-R2. Text predictors become dummies (first sorted level is the reference); missing values are an
      error (fill them with coalesce, or missing: drop_rows). `penalty:` adds a ridge penalty when the design
      separates the classes. Example: let m = fit logit churned ~ tenure + Contract on s.train
      See also: help fit, help ols.
      """)

  static let ols = HelpTopic(
    "ols", title: "Least squares regression (fit ols)", aliases: ["linear", "linear regression", "least squares"],
    body: """
      y = x'b + e, fitted by least squares (a QR solve). The summary is statsmodels' OLS table: coefficients with
      SE, t (or z), p and 95% CI, and R2. `covariance:` picks classical SEs or the heteroskedasticity-robust
      HC0-HC3 sandwich; `weights:` gives weighted least squares. Text predictors become dummies; missing values
      are an error unless missing: drop_rows. Example: let m = fit ols MonthlyCharges ~ tenure + Contract on df
      See also: help fit, help logit.
      """)

  static let tree = HelpTopic(
    "tree", title: "Decision tree (fit tree)", aliases: ["cart", "decision tree"],
    body: """
      One CART tree: each split chooses the covariate and threshold (or set of categories) that most reduces the
      impurity (Gini for a class, squared error for a number), until leaves reach min_leaf rows or max_depth.
      Easy to read, unstable from sample to sample; forest and gbm average many trees. Missing values are routed
      by the splits. Example: let t = fit tree churned ~ tenure + Contract on s.train with max_depth: 3
      """)

  static let randomForest = HelpTopic(
    "forest", title: "Random forest (fit forest)", aliases: ["random forest", "random_forest", "rf"],
    body: """
      Many trees, each grown on a bootstrap sample with a random subset of covariates (mtry) tried at every
      split; predictions average the trees. Rows left out of a tree's sample give the out-of-bag score (m.oob_score),
      an honest accuracy estimate without a test set. Options: trees, mtry, min_leaf, max_depth, sample_fraction.
      Example: let rf = fit forest churned ~ . - customerID on s.train with trees: 300
      For treatment effects see help causal forest.
      """)

  static let gbm = HelpTopic(
    "gbm", title: "Gradient boosting (fit gbm)", aliases: ["boosting", "gradient boosting"],
    body: """
      Histogram gradient boosting in the style of LightGBM: covariates are binned once, then `rounds` trees are
      added one at a time, each fitted to the gradient of the loss (log-loss for a class, squared error for a
      number) and shrunk by learning_rate; trees grow leaf-wise up to `leaves` leaves. `early_stopping:` stops
      when a validation score stops improving (m.best_round). Example:
      let m = fit gbm churned ~ tenure + MonthlyCharges + Contract on s.train with leaves: 31, rounds: 100
      """)

  static let naive = HelpTopic(
    "naive", title: "The naive difference in means", aliases: ["difference in means"],
    body: """
      estimate ate y ~ t on df with method: "naive" compares the mean outcome of the treated with that of the
      controls; the SE is Neyman's sqrt(s1^2/n1 + s0^2/n0). It adjusts for nothing, so it needs no covariates and
      is unbiased only when treatment was randomized; with confounding it mixes the effect with the differences
      between the groups. See also: help confounding.
      """)

  static let regressionAdjustment = HelpTopic(
    "s_learner", title: "Regression adjustment (s_learner, t_learner)",
    aliases: ["t_learner", "regression adjustment"],
    body: """
      Outcome models instead of weights. s_learner fits one model of y on the covariates and the treatment and
      predicts every customer with t = 1 and t = 0; t_learner fits one model per arm. The effect is the mean of the
      predicted differences over the target population; the SE comes from a nonparametric bootstrap (bootstrap:
      resamples). Consistent only if the outcome model is right; see help doubly robust for a safer combination.
      """)

  static let matching = HelpTopic(
    "matching", title: "Propensity score matching", aliases: ["psm", "nearest neighbour"],
    body: """
      estimate att ... with method: "matching" pairs each unit with its nearest neighbour(s) of the other arm on the
      logit of the propensity score (neighbors:, with or without replace:, an optional caliper: in pooled SDs)
      and averages the matched differences. The SE is Abadie and Imbens' (2006) for matching with replacement.
      Targets: ate, att, atc. See also: help propensity, help balance.
      """)
}
