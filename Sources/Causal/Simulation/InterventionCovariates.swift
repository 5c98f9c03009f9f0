import Frame

/// The customer features the intervention simulator's effect and assignment formulas read.
///
/// Extracted from a Telco-shaped frame by ``init(frame:)``; constructible directly for tests and
/// for computing the formulas on hand-made customers.
public struct InterventionCovariates: Sendable, Equatable {
  /// Months as a customer.
  public var tenure: Double
  /// Current monthly bill (USD).
  public var monthlyCharges: Double
  /// 0 = Month-to-month, 1 = One year, 2 = Two year.
  public var contract: Int
  /// Has internet service (DSL or fiber).
  public var hasInternet: Bool
  /// Has the TechSupport add-on.
  public var techSupport: Bool
  /// Number of internet add-ons held (0...6).
  public var addOns: Int
  /// Pays by electronic check.
  public var electronicCheck: Bool

  public init(
    tenure: Double, monthlyCharges: Double, contract: Int, hasInternet: Bool,
    techSupport: Bool, addOns: Int, electronicCheck: Bool
  ) {
    self.tenure = tenure
    self.monthlyCharges = monthlyCharges
    self.contract = contract
    self.hasInternet = hasInternet
    self.techSupport = techSupport
    self.addOns = addOns
    self.electronicCheck = electronicCheck
  }

  /// Month-to-month contract.
  public var monthToMonth: Bool { contract == 0 }

  /// The columns ``covariates(of:)`` reads.
  public static let requiredColumns =
    [
      "tenure", "MonthlyCharges", "Contract", "InternetService", "PaymentMethod",
    ] + TelcoLevels.internetAddOns

  /// One covariate record per row of a Telco-shaped frame.
  ///
  /// Throws when a needed column is absent, mistyped or has missing values, or when Contract holds a
  /// level other than Month-to-month / One year / Two year.
  public static func covariates(of df: DataFrame) throws -> [InterventionCovariates] {
    let r = try TelcoColumns(df)
    let tenure = try r.number("tenure"), charges = try r.number("MonthlyCharges")
    let contract = try r.text("Contract"), internet = try r.text("InternetService")
    let payment = try r.text("PaymentMethod")
    let addOnFlags = try TelcoLevels.internetAddOns.map { try r.yes($0) }
    let tech = try r.yes("TechSupport")
    var out: [InterventionCovariates] = []
    out.reserveCapacity(df.rowCount)
    for i in 0..<df.rowCount {
      guard let k = TelcoLevels.contract.firstIndex(of: contract[i]) else {
        throw SimulationError.badInput(
          "column 'Contract' row \(i + 1) is '\(contract[i])'; expected Month-to-month, One year or Two year")
      }
      out.append(
        InterventionCovariates(
          tenure: tenure[i], monthlyCharges: charges[i], contract: k, hasInternet: internet[i] != "No",
          techSupport: tech[i], addOns: addOnFlags.reduce(0) { $0 + ($1[i] ? 1 : 0) },
          electronicCheck: payment[i] == "Electronic check"))
    }
    return out
  }
}
