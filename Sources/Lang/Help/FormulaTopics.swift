// The formula topic: how `y ~ …` turns columns into model terms (interactions, transforms, splines,
// contrasts, no intercept). The code is Frame's Formula, FormulaExpression and DesignSpecExpanded.

extension HelpTopics {
  static let formulas = HelpTopic(
    "formulas", title: "Formulas", aliases: ["formula", "~", "interactions", "splines"],
    body: """
      A formula names an outcome and its predictors, as R and statsmodels read them:

        churned ~ tenure + MonthlyCharges + Contract
        churned ~ .                       # every other column
        churned ~ . - customerID          # every other column except customerID
        churned ~ treated | tenure + Contract   # causal: outcome ~ treatment | covariates

      Terms are column names (quote odd names in backticks: `Monthly Charges`) or:

        tenure:Contract       interaction: tenure times each Contract dummy
        tenure * Contract     = tenure + Contract + tenure:Contract
        log(x)  sqrt(x)  exp(x)  abs(x)  log1p(x)  log2(x)  log10(x)
        log(tenure + 1)       arithmetic (+ - * / ^) inside a function
        I(x^2)  x^2           the square of x (x^2 is I(x^2), not R's crossing)
        poly(x, 2)            orthogonal polynomial, as R's poly; raw: true for x, x^2
        ns(x, df: 4)          natural cubic spline, as R's splines::ns
        C(Contract, ref: "Two year")   choose the reference level
        - 1   or   + 0        no intercept

      Why interactions: `churned ~ tenure + Contract` lets each contract shift
      the churn curve up or down, but the curve has the same slope in tenure
      for everyone. `churned ~ tenure * Contract` adds tenure:ContractOne year
      and tenure:ContractTwo year: how much steeper or flatter the tenure
      slope is for those contracts than for the reference (Month-to-month).
      The curve can now differ by contract. Read each coefficient as "the
      difference from the reference", and compare the two models (AIC, AUC
      on a test set) before believing the difference.

      Splines and polynomials bend a numeric effect without choosing a shape:
      ns(tenure, df: 4) puts 3 knots at tenure's quartiles and fits a smooth
      curve that is straight beyond the data's range (safe to predict on).
      More df = more bends = more variance. poly(x, 2) is a quadratic.

      Contrasts: a text column becomes one 0/1 column per level after the
      reference level (alphabetically first unless C(x, ref: …) says
      otherwise); coefficients are differences from the reference. Without an
      intercept the first categorical term keeps every level. Interactions
      follow R's and patsy's rule, so the design never has redundant columns.

      Column names are R's: the term, then the level for a text column
      (ContractOne year, tenure:ContractOne year, C(Contract, ref: "Two
      year")One year), or the column number for poly and ns (poly(tenure,
      2)1, ns(tenure, df: 4)1); log(tenure + 1), I(tenure^2) as written.
      A saved model stores the levels, knots and polynomial constants it was
      fitted with, and applies them unchanged to new rows. A transform that is
      undefined (log of 0, sqrt of a negative) is an error naming the rows;
      missing inputs stay missing (the model's missing: rule applies).

      Tree models (tree, forest, gbm) accept the same terms but rarely need
      them: trees find interactions and are unchanged by monotone transforms.
      causal_forest covariates must be plain columns.
      A formula is a value: `let f = churned ~ tenure * Contract` then `fit logit f on df`.
      """)
}
