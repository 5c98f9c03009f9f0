/// One simulated Telco customer as small codes, before it becomes a row of the frame.
///
/// Codes index the level lists in ``TelcoLevels``; booleans are the Yes/No columns.
struct TelcoCustomer: Sendable {
  var male = false
  var senior = false
  var partner = false
  var dependents = false
  var tenure = 0
  var phone = false
  var multipleLines = false
  /// 0 = No, 1 = DSL, 2 = Fiber optic.
  var internet = 0
  var onlineSecurity = false
  var onlineBackup = false
  var deviceProtection = false
  var techSupport = false
  var streamingTV = false
  var streamingMovies = false
  /// 0 = Month-to-month, 1 = One year, 2 = Two year.
  var contract = 0
  var paperless = false
  /// 0 = Mailed check, 1 = Electronic check, 2 = Bank transfer (automatic), 3 = Credit card (automatic).
  var payment = 0
  var monthlyCharges = 0.0
  /// nil for customers who have not been billed yet (tenure 0), as in the real file.
  var totalCharges: Double? = nil
  /// True probability of churn given everything above (step 12 of the story).
  var churnProbability = 0.0
  var churn = false

  var hasInternet: Bool { internet != 0 }
  var fiber: Bool { internet == 2 }
  var dsl: Bool { internet == 1 }
  var oneYear: Bool { contract == 1 }
  var twoYear: Bool { contract == 2 }
  var electronicCheck: Bool { payment == 1 }
}

/// Level names of the Telco twin's categorical columns, exactly as spelled in the IBM file.
public enum TelcoLevels {
  /// InternetService levels by code.
  public static let internet = ["No", "DSL", "Fiber optic"]
  /// Contract levels by code.
  public static let contract = ["Month-to-month", "One year", "Two year"]
  /// PaymentMethod levels by code.
  public static let payment = [
    "Mailed check", "Electronic check", "Bank transfer (automatic)",
    "Credit card (automatic)",
  ]
  /// The 21 column names of the IBM Telco Customer Churn file, in file order.
  public static let columnNames = [
    "customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
    "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection",
    "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod",
    "MonthlyCharges", "TotalCharges", "Churn",
  ]
  /// The six internet add-on columns (level "No internet service" when InternetService is "No").
  public static let internetAddOns = [
    "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies",
  ]
}
