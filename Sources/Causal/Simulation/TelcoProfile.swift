import Frame

/// The churn statistics a Telco twin is calibrated to, computed from any Telco-shaped frame.
///
/// Rates are shares of rows with Churn == "Yes"; correlations are Pearson r of a column with churn
/// coded 0/1, over rows where that column is present (pairwise complete).
public struct TelcoProfile: Sendable, Equatable, Reportable {
  public var rows: Int
  public var churners: Int
  public var churnRate: Double
  /// Churn rate of Month-to-month, One year and Two year contracts.
  public var churnMonthToMonth: Double
  public var churnOneYear: Double
  public var churnTwoYear: Double
  /// Churn rate of customers with tenure < 6 months.
  public var churnNewCustomers: Double
  /// Churn rate of Fiber optic internet customers.
  public var churnFiber: Double
  public var rTenure: Double
  public var rMonthlyCharges: Double
  public var rTotalCharges: Double
  /// Rows with TotalCharges missing, and how many of those have tenure 0.
  public var missingTotalCharges: Int
  public var missingTotalChargesAtTenureZero: Int

  /// The profile of the real IBM file, measured with pandas 3 on WA_Fn-UseC_-Telco-Customer-Churn.csv
  /// (`df.Churn.eq("Yes").mean()`, `groupby(...).mean()`, `Series.corr`).
  public static let realIBM = TelcoProfile(
    rows: 7043, churners: 1869, churnRate: 0.26537, churnMonthToMonth: 0.42709,
    churnOneYear: 0.11269, churnTwoYear: 0.02832, churnNewCustomers: 0.54267, churnFiber: 0.41893,
    rTenure: -0.35223, rMonthlyCharges: 0.19336, rTotalCharges: -0.19948,
    missingTotalCharges: 11, missingTotalChargesAtTenureZero: 11)

  public init(
    rows: Int, churners: Int, churnRate: Double, churnMonthToMonth: Double,
    churnOneYear: Double, churnTwoYear: Double, churnNewCustomers: Double,
    churnFiber: Double, rTenure: Double, rMonthlyCharges: Double, rTotalCharges: Double,
    missingTotalCharges: Int, missingTotalChargesAtTenureZero: Int
  ) {
    self.rows = rows
    self.churners = churners
    self.churnRate = churnRate
    self.churnMonthToMonth = churnMonthToMonth
    self.churnOneYear = churnOneYear
    self.churnTwoYear = churnTwoYear
    self.churnNewCustomers = churnNewCustomers
    self.churnFiber = churnFiber
    self.rTenure = rTenure
    self.rMonthlyCharges = rMonthlyCharges
    self.rTotalCharges = rTotalCharges
    self.missingTotalCharges = missingTotalCharges
    self.missingTotalChargesAtTenureZero = missingTotalChargesAtTenureZero
  }

  /// Measures the profile of a frame with the Telco columns Churn, Contract, InternetService,
  /// tenure, MonthlyCharges and TotalCharges. Throws if one is absent or of the wrong type.
  public init(_ df: DataFrame) throws {
    let r = try TelcoColumns(df)
    let churn = try r.yes("Churn").map { $0 ? 1.0 : 0 }
    let contract = try r.text("Contract"), internet = try r.text("InternetService")
    let tenure = try r.number("tenure"), monthly = try r.number("MonthlyCharges")
    guard let totalColumn = df["TotalCharges"], let total = totalColumn.doubles() else {
      throw SimulationError.badInput("the frame needs a numeric column 'TotalCharges'")
    }
    func rate(_ keep: (Int) -> Bool) -> Double {
      var s = 0.0, k = 0
      for i in churn.indices where keep(i) {
        s += churn[i]
        k += 1
      }
      return k == 0 ? .nan : s / Double(k)
    }
    rows = df.rowCount
    churners = Int(churn.reduce(0, +))
    churnRate = rate { _ in true }
    churnMonthToMonth = rate { contract[$0] == "Month-to-month" }
    churnOneYear = rate { contract[$0] == "One year" }
    churnTwoYear = rate { contract[$0] == "Two year" }
    churnNewCustomers = rate { tenure[$0] < 6 }
    churnFiber = rate { internet[$0] == "Fiber optic" }
    rTenure = SimulationMath.pearson(tenure, churn)
    rMonthlyCharges = SimulationMath.pearson(monthly, churn)
    rTotalCharges = SimulationMath.pearson(total, churn)
    missingTotalCharges = total.indices.filter { total[$0].isNaN }.count
    missingTotalChargesAtTenureZero = total.indices.filter { total[$0].isNaN && tenure[$0] == 0 }.count
  }

  /// The statistics as (name, value) pairs, in a fixed order.
  public var entries: [(name: String, value: Double)] {
    [
      ("rows", Double(rows)), ("churners", Double(churners)), ("churn rate", churnRate),
      ("churn | Month-to-month", churnMonthToMonth), ("churn | One year", churnOneYear),
      ("churn | Two year", churnTwoYear), ("churn | tenure < 6", churnNewCustomers),
      ("churn | Fiber optic", churnFiber), ("r(tenure, churn)", rTenure),
      ("r(MonthlyCharges, churn)", rMonthlyCharges), ("r(TotalCharges, churn)", rTotalCharges),
      ("TotalCharges missing", Double(missingTotalCharges)),
      ("... of which tenure 0", Double(missingTotalChargesAtTenureZero)),
    ]
  }

  public var report: Report {
    Report(
      title: "Telco churn profile",
      items: [
        .fields(
          entries.map { e in
            let isCount =
              e.value == e.value.rounded() && abs(e.value) < 1e15 && !e.name.hasPrefix("r(")
              && !e.name.hasPrefix("churn")
            return Report.Field(e.name, isCount ? .int(Int(e.value)) : .float(e.value))
          })
      ])
  }
}
