import Frame

/// The twin's true churn model (step 12 of the story), also usable as a default churn risk for any
/// frame with the Telco columns.
///
/// logit P(churn) = −1.33 − 0.55·ln(max(tenure, 1)) − 0.70·[One year] − 1.62·[Two year]
///   + 1.16·[Fiber optic] + 0.76·[DSL] − 0.44·[OnlineSecurity] − 0.19·[OnlineBackup]
///   − 0.36·[TechSupport] + 0.39·[PaperlessBilling] − 0.12·[Dependents]
///   + 0.38·[Electronic check] + 0.27·[SeniorCitizen] + 0.157·MonthlyCharges/10.
///
/// Coefficients: statsmodels `Logit` fitted to the real IBM file (tenure > 0 rows; in-sample AUC
/// 0.849), rounded; the intercept raised by 0.02 so the twin's overall churn lands on the real 26.5%.
/// Churn rises with month-to-month contracts, short tenure, fiber, electronic checks, missing
/// online security or tech support, paperless billing, seniority and a higher bill.
public enum TelcoChurnModel {
  /// The churn probability of one customer described by the model's covariates.
  public static func probability(
    tenure: Double, oneYear: Bool, twoYear: Bool, fiber: Bool, dsl: Bool, onlineSecurity: Bool,
    onlineBackup: Bool, techSupport: Bool, paperless: Bool, dependents: Bool, electronicCheck: Bool,
    senior: Bool, monthlyCharges: Double
  ) -> Double {
    func n(_ b: Bool) -> Double { b ? 1 : 0 }
    let z =
      -1.33 - 0.55 * SimulationMath.ln(max(tenure, 1)) - 0.70 * n(oneYear) - 1.62 * n(twoYear)
      + 1.16 * n(fiber) + 0.76 * n(dsl) - 0.44 * n(onlineSecurity) - 0.19 * n(onlineBackup)
      - 0.36 * n(techSupport) + 0.39 * n(paperless) - 0.12 * n(dependents)
      + 0.38 * n(electronicCheck) + 0.27 * n(senior) + 0.157 * monthlyCharges / 10
    return SimulationMath.logistic(z)
  }

  /// The columns the model reads.
  public static let requiredColumns = [
    "tenure", "Contract", "InternetService", "OnlineSecurity", "OnlineBackup", "TechSupport",
    "PaperlessBilling", "Dependents", "PaymentMethod", "SeniorCitizen", "MonthlyCharges",
  ]

  /// The model's churn probability for every row of a Telco-shaped frame (the real file, the twin,
  /// or a user's file with the same column names and levels).
  ///
  /// Throws when a required column is absent or has the wrong type, or when a row has a missing
  /// value in one of them (the message names the column and the first such row, counted from 1).
  public static func probabilities(_ df: DataFrame) throws -> [Double] {
    let r = try TelcoColumns(df)
    let tenure = try r.number("tenure"), charges = try r.number("MonthlyCharges")
    let contract = try r.text("Contract"), internet = try r.text("InternetService")
    let payment = try r.text("PaymentMethod")
    let security = try r.yes("OnlineSecurity"), backup = try r.yes("OnlineBackup")
    let tech = try r.yes("TechSupport"), paperless = try r.yes("PaperlessBilling")
    let dependents = try r.yes("Dependents"), senior = try r.yes("SeniorCitizen")
    return (0..<df.rowCount).map { i in
      probability(
        tenure: tenure[i], oneYear: contract[i] == "One year", twoYear: contract[i] == "Two year",
        fiber: internet[i] == "Fiber optic", dsl: internet[i] == "DSL", onlineSecurity: security[i],
        onlineBackup: backup[i], techSupport: tech[i], paperless: paperless[i],
        dependents: dependents[i], electronicCheck: payment[i] == "Electronic check",
        senior: senior[i], monthlyCharges: charges[i])
    }
  }
}

/// Reads Telco columns out of a frame as plain arrays, refusing missing values with a clear message.
struct TelcoColumns {
  let df: DataFrame

  init(_ df: DataFrame) throws { self.df = df }

  private func column(_ name: String) throws -> Column {
    guard let c = df[name] else {
      let hint = df.suggest(name).map { " (did you mean '\($0)'?)" } ?? ""
      throw SimulationError.badInput("the frame has no column '\(name)'\(hint); the Telco columns are needed")
    }
    if let i = (0..<c.count).first(where: { c.isMissing($0) }) {
      throw SimulationError.badInput(
        "column '\(name)' has a missing value in row \(i + 1); fill or drop missing rows first")
    }
    return c
  }

  /// A numeric column as doubles.
  func number(_ name: String) throws -> [Double] {
    let c = try column(name)
    guard let v = c.doubles() else {
      throw SimulationError.badInput("column '\(name)' must be numeric (it is \(c.type.rawValue))")
    }
    return v
  }

  /// A text column as strings.
  func text(_ name: String) throws -> [String] {
    let c = try column(name)
    guard case .string(let codes, let levels) = c.storage else {
      throw SimulationError.badInput("column '\(name)' must be text (it is \(c.type.rawValue))")
    }
    return codes.map { levels[Int($0)] }
  }

  /// A yes/no column as booleans: text "Yes" (other levels such as "No internet service" are false),
  /// or a numeric/boolean column where non-zero is yes.
  func yes(_ name: String) throws -> [Bool] {
    let c = try column(name)
    if case .string(let codes, let levels) = c.storage {
      let isYes = levels.map { $0 == "Yes" }
      return codes.map { isYes[Int($0)] }
    }
    guard let v = c.doubles() else { return [] }
    return v.map { $0 != 0 }
  }
}
