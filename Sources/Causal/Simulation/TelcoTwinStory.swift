import Stats

/// The generative story of the Telco twin: one customer drawn in twelve explicit steps.
///
/// Each conditional is a logistic or multinomial-logit model (or a small mixture) whose
/// coefficients were fitted by maximum likelihood to the public IBM Telco Customer Churn file
/// (statsmodels `Logit` / `MNLogit`, tenure > 0 rows) and rounded to two decimals; data/README.md
/// lists every formula. Notation: `t = tenure / 72`, `σ(z) = 1 / (1 + e^−z)`, indicators are 0/1.
enum TelcoTwinStory {
  /// Draws one customer from `rng`.
  static func drawCustomer(_ rng: inout SeededRNG) -> TelcoCustomer {
    var c = TelcoCustomer()
    drawDemographics(&c, &rng)
    drawPhoneAndInternet(&c, &rng)
    drawTenure(&c, &rng)
    drawContract(&c, &rng)
    drawServices(&c, &rng)
    drawBilling(&c, &rng)
    drawCharges(&c, &rng)
    drawChurn(&c, &rng)
    return c
  }

  /// Step 1, demographics: Male ~ B(0.505); SeniorCitizen ~ B(0.162); Partner ~ B(0.50 if senior
  /// else 0.48); Dependents ~ B(p) with p = 0.59 (partner, not senior), 0.145 (partner, senior),
  /// 0.115 (no partner, not senior), 0.014 (no partner, senior).
  static func drawDemographics(_ c: inout TelcoCustomer, _ rng: inout SeededRNG) {
    c.male = rng.uniform() < 0.505
    c.senior = rng.uniform() < 0.162
    c.partner = rng.uniform() < (c.senior ? 0.50 : 0.48)
    let pDependents = c.partner ? (c.senior ? 0.145 : 0.59) : (c.senior ? 0.014 : 0.115)
    c.dependents = rng.uniform() < pDependents
  }

  /// Steps 2–3, phone and internet: PhoneService ~ B(0.903). Customers without phone service have
  /// DSL (as in the real file). Otherwise InternetService is multinomial logit with base "No":
  /// DSL: 0.11 + 0.91·senior + 0.25·partner − 0.40·dependents;
  /// Fiber optic: 0.56 + 2.10·senior + 0.42·partner − 0.96·dependents.
  static func drawPhoneAndInternet(_ c: inout TelcoCustomer, _ rng: inout SeededRNG) {
    c.phone = rng.uniform() < 0.903
    let s = c.senior ? 1.0 : 0, p = c.partner ? 1.0 : 0, d = c.dependents ? 1.0 : 0
    let logits = [0, 0.11 + 0.91 * s + 0.25 * p - 0.40 * d, 0.56 + 2.10 * s + 0.42 * p - 0.96 * d]
    let k = SimulationMath.drawCategory(logits: logits, rng: &rng)
    c.internet = c.phone ? k : 1
  }

  /// Step 4, tenure (months, 0...72): with probability 0.0016 a customer has signed but not yet been
  /// billed (tenure 0). Otherwise tenure comes from one of five patterns, with weights by Partner:
  ///
  /// | pattern | P(k) on 1...72 | no partner | partner |
  /// |---|---|---|---|
  /// | first month | k = 1 | 0.10 | 0.015 |
  /// | recent joiner | geometric, ∝ p(1−p)^(k−1) | 0.36, p = 0.10 | 0.28, p = 0.05 |
  /// | founding customer | ∝ p(1−p)^(72−k) | 0.01, p = 0.94 | 0.12, p = 0.585 |
  /// | growing base | ∝ k | 0 | 0.585 |
  /// | steady | uniform | 0.53 | 0 |
  ///
  /// (mixture fitted by maximum likelihood to the real tenure histogram of each group.)
  static func drawTenure(_ c: inout TelcoCustomer, _ rng: inout SeededRNG) {
    let uZero = rng.uniform(), uPattern = rng.uniform(), u = rng.uniform()
    if uZero < 0.0016 {
      c.tenure = 0
      return
    }
    let weights: [Double] = c.partner ? [0.015, 0.28, 0.12, 0.585, 0] : [0.10, 0.36, 0.01, 0, 0.53]
    let pRecent = c.partner ? 0.05 : 0.10, pFounding = c.partner ? 0.585 : 0.94
    switch SimulationMath.drawCategory(probabilities: weights, u: uPattern) {
    case 0: c.tenure = 1
    case 1: c.tenure = SimulationMath.truncatedGeometric(p: pRecent, limit: 72, u: u)
    case 2: c.tenure = 73 - SimulationMath.truncatedGeometric(p: pFounding, limit: 72, u: u)
    case 3: c.tenure = SimulationMath.rampCount(limit: 72, u: u)
    default: c.tenure = min(1 + Int(u * 72), 72)
    }
  }

  /// Step 5, contract: tenure-0 customers hold a Two year contract with probability 0.9, else One
  /// year. Otherwise multinomial logit with base Month-to-month, with L = ln(tenure), F = fiber,
  /// N = no internet, E = [tenure = 72]:
  /// One year: −4.77 + 1.21L + 0.30t + 1.08t² − 2.00F + 1.15N + 1.51tF − 0.04tN + 0.39·dependents
  ///           − 0.65·senior + 0.89E;
  /// Two year: −6.71 + 1.73L − 5.77t + 8.56t² − 2.40F + 2.09N + 0.87tF + 0.22tN + 0.67·dependents
  ///           − 1.24·senior + 2.73E.
  static func drawContract(_ c: inout TelcoCustomer, _ rng: inout SeededRNG) {
    let u = rng.uniform()
    if c.tenure == 0 {
      c.contract = u < 0.9 ? 2 : 1
      return
    }
    let t = Double(c.tenure) / 72, l = SimulationMath.ln(Double(c.tenure))
    let f = c.fiber ? 1.0 : 0, n = c.hasInternet ? 0.0 : 1
    let e = c.tenure == 72 ? 1.0 : 0, d = c.dependents ? 1.0 : 0, s = c.senior ? 1.0 : 0
    let one =
      -4.77 + 1.21 * l + 0.30 * t + 1.08 * t * t - 2.00 * f + 1.15 * n + 1.51 * t * f
      - 0.04 * t * n + 0.39 * d - 0.65 * s + 0.89 * e
    let two =
      -6.71 + 1.73 * l - 5.77 * t + 8.56 * t * t - 2.40 * f + 2.09 * n + 0.87 * t * f
      + 0.22 * t * n + 0.67 * d - 1.24 * s + 2.73 * e
    c.contract = SimulationMath.drawCategory(probabilities: SimulationMath.softmax([0, one, two]), u: u)
  }

  /// Steps 6–7, services. MultipleLines (phone customers): σ(−2.56 + 2.50t + 1.89·fiber + 0.84·DSL
  /// + 0.41·senior + 0.09·partner). Each internet add-on (internet customers only):
  /// σ(a + b·t + c·fiber + d·oneYear + e·twoYear + f·senior) with (a, b, c, d, e, f) =
  /// OnlineSecurity (−1.21, 1.74, −0.90, 0.57, 1.05, −0.35), OnlineBackup (−1.50, 2.59, −0.04, 0.12,
  /// 0.19, 0.02), DeviceProtection (−1.58, 1.77, 0.20, 0.69, 1.24, 0.06), TechSupport (−1.16, 1.05,
  /// −0.72, 0.90, 1.90, −0.49), StreamingTV (−1.49, 1.41, 0.92, 0.51, 0.88, 0.08); StreamingMovies
  /// (−1.85, 1.06, 0.62, 0.42, 0.70, 0.18) plus 1.51·StreamingTV (streaming comes in bundles).
  static func drawServices(_ c: inout TelcoCustomer, _ rng: inout SeededRNG) {
    let t = Double(c.tenure) / 72, s = c.senior ? 1.0 : 0, p = c.partner ? 1.0 : 0
    let f = c.fiber ? 1.0 : 0, dsl = c.dsl ? 1.0 : 0
    let o = c.oneYear ? 1.0 : 0, w = c.twoYear ? 1.0 : 0
    let uLines = rng.uniform()
    c.multipleLines =
      c.phone
      && uLines < SimulationMath.logistic(-2.56 + 2.50 * t + 1.89 * f + 0.84 * dsl + 0.41 * s + 0.09 * p)
    func addOn(
      _ a: Double, _ b: Double, _ cf: Double, _ d: Double, _ e: Double, _ fs: Double,
      extra: Double = 0
    ) -> Bool {
      let u = rng.uniform()
      return c.hasInternet && u < SimulationMath.logistic(a + b * t + cf * f + d * o + e * w + fs * s + extra)
    }
    c.onlineSecurity = addOn(-1.21, 1.74, -0.90, 0.57, 1.05, -0.35)
    c.onlineBackup = addOn(-1.50, 2.59, -0.04, 0.12, 0.19, 0.02)
    c.deviceProtection = addOn(-1.58, 1.77, 0.20, 0.69, 1.24, 0.06)
    c.techSupport = addOn(-1.16, 1.05, -0.72, 0.90, 1.90, -0.49)
    c.streamingTV = addOn(-1.49, 1.41, 0.92, 0.51, 0.88, 0.08)
    c.streamingMovies = addOn(-1.85, 1.06, 0.62, 0.42, 0.70, 0.18, extra: c.streamingTV ? 1.51 : 0)
  }

  /// Steps 8–9, billing. PaperlessBilling: σ(−0.69 + 1.92·fiber + 1.00·DSL + 0.42·senior
  /// − 0.26·oneYear − 0.36·twoYear). PaymentMethod: multinomial logit with base Mailed check, P =
  /// paperless: Electronic check −0.59 + 2.43t − 1.25·oneYear − 2.52·twoYear + 1.04P + 1.21·senior;
  /// Bank transfer −1.63 + 3.69t − 0.49·oneYear − 0.98·twoYear + 0.52P + 0.80·senior;
  /// Credit card −1.64 + 3.37t − 0.28·oneYear − 0.69·twoYear + 0.57P + 0.79·senior.
  static func drawBilling(_ c: inout TelcoCustomer, _ rng: inout SeededRNG) {
    let t = Double(c.tenure) / 72, s = c.senior ? 1.0 : 0
    let o = c.oneYear ? 1.0 : 0, w = c.twoYear ? 1.0 : 0
    let f = c.fiber ? 1.0 : 0, dsl = c.dsl ? 1.0 : 0
    let uPaper = rng.uniform()
    c.paperless = uPaper < SimulationMath.logistic(-0.69 + 1.92 * f + 1.00 * dsl + 0.42 * s - 0.26 * o - 0.36 * w)
    let p = c.paperless ? 1.0 : 0
    let logits = [
      0,
      -0.59 + 2.43 * t - 1.25 * o - 2.52 * w + 1.04 * p + 1.21 * s,
      -1.63 + 3.69 * t - 0.49 * o - 0.98 * w + 0.52 * p + 0.80 * s,
      -1.64 + 3.37 * t - 0.28 * o - 0.69 * w + 0.57 * p + 0.79 * s,
    ]
    c.payment = SimulationMath.drawCategory(logits: logits, rng: &rng)
  }

  /// Steps 10–11, charges. MonthlyCharges = 20·phone + 5·multipleLines + 25·DSL + 50·fiber
  /// + 5·(OnlineSecurity + OnlineBackup + DeviceProtection + TechSupport) + 10·(StreamingTV +
  /// StreamingMovies) + N(0, 1), rounded to 0.05 and at least 18.25 (the real price list explains
  /// 99.9% of the real variance with these steps).
  /// TotalCharges: missing for tenure 0 (not billed yet); MonthlyCharges for tenure 1; otherwise the
  /// sum of past bills, each differing from today's by independent N(0, 11.5²) price changes:
  /// tenure·MonthlyCharges + 11.5·√(tenure − 1)·Z, floored at half of tenure·MonthlyCharges and
  /// rounded to cents.
  static func drawCharges(_ c: inout TelcoCustomer, _ rng: inout SeededRNG) {
    func n(_ b: Bool) -> Double { b ? 1 : 0 }
    let base =
      20 * n(c.phone) + 5 * n(c.multipleLines) + 25 * n(c.dsl) + 50 * n(c.fiber)
      + 5 * (n(c.onlineSecurity) + n(c.onlineBackup) + n(c.deviceProtection) + n(c.techSupport))
      + 10 * (n(c.streamingTV) + n(c.streamingMovies))
    let zMonthly = rng.normal(), zTotal = rng.normal()
    c.monthlyCharges = max(SimulationMath.roundDecimals(SimulationMath.roundTo(base + zMonthly, step: 0.05), 2), 18.25)
    switch c.tenure {
    case 0: c.totalCharges = nil
    case 1: c.totalCharges = c.monthlyCharges
    default:
      let expected = Double(c.tenure) * c.monthlyCharges
      let total = expected + 11.5 * Double(c.tenure - 1).squareRoot() * zTotal
      c.totalCharges = SimulationMath.roundDecimals(max(total, 0.5 * expected), 2)
    }
  }

  /// Step 12, churn: tenure-0 customers cannot have left yet (Churn = No). Otherwise
  /// Churn ~ B(``telcoChurnProbability(_:)``), the logistic model documented there.
  static func drawChurn(_ c: inout TelcoCustomer, _ rng: inout SeededRNG) {
    let u = rng.uniform()
    c.churnProbability = c.tenure == 0 ? 0 : churnProbability(c)
    c.churn = u < c.churnProbability
  }

  /// The churn model of step 12 for one customer (see ``TelcoChurnModel``).
  static func churnProbability(_ c: TelcoCustomer) -> Double {
    TelcoChurnModel.probability(
      tenure: Double(c.tenure), oneYear: c.oneYear, twoYear: c.twoYear, fiber: c.fiber, dsl: c.dsl,
      onlineSecurity: c.onlineSecurity, onlineBackup: c.onlineBackup, techSupport: c.techSupport,
      paperless: c.paperless, dependents: c.dependents, electronicCheck: c.electronicCheck,
      senior: c.senior, monthlyCharges: c.monthlyCharges)
  }
}
