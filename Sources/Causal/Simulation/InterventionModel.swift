/// The intervention simulator's structural formulas: who is treated, and what treatment does.
///
/// Sign convention (as everywhere in churn): an effect is E[Y(1) − Y(0) | x] on churn, so an
/// intervention that works has a negative effect.
///
/// Notation: r = the customer's baseline churn risk (given, or ``TelcoChurnModel``), U ~ N(0, 1) an
/// unmeasured confounder with strength γ = `hiddenConfounding`, `logit(p) = ln(p / (1 − p))`,
/// `σ` its inverse, `clamp01(x) = min(max(x, 0), 1)`. With γ = 0, U plays no part.
///
/// Outcome formulas never take the offer weekday (or the initiating team) as an argument: those
/// shift only who is treated, which is what makes the weekday an instrument.
public enum InterventionModel {
  /// Baseline (untreated) churn probability p0 = σ(logit(r) + γ·U); r is clipped to
  /// [10⁻⁶, 1 − 10⁻⁶] first so the logit is finite. With γ = 0, p0 = r (to rounding).
  public static func baselineProbability(risk r: Double, u: Double, gamma: Double) -> Double {
    if gamma == 0 { return r }
    return SimulationMath.logistic(logit(r) + gamma * u)
  }

  /// Binary-mode propensity: e = σ(logit(e₀) + γ·U) with
  /// e₀ = clamp(0.2 + 0.6·r + 0.10·v·`instrumentStrength`, 0.01, 0.99), where v = +1, +0.5, 0, −0.5, −1
  /// for an offer weekday Mon…Fri. Riskier customers are treated more (the confounding every estimator
  /// must undo); averaged over the five equally likely weekdays e₀ is exactly 0.2 + 0.6·r.
  public static func binaryPropensity(
    risk r: Double, weekday: Int, u: Double, gamma: Double, instrumentStrength: Double = 1
  ) -> Double {
    let v = binaryWeekdayShift[min(max(weekday, 0), 4)] * instrumentStrength
    let base = min(max(0.2 + 0.6 * min(max(r, 0), 1) + v, 0.01), 0.99)
    if gamma == 0 { return base }
    return SimulationMath.logistic(logit(base) + gamma * u)
  }

  /// Binary-mode weekday shifts of the treatment probability, Mon…Fri (sum 0).
  public static let binaryWeekdayShift: [Double] = [0.10, 0.05, 0, -0.05, -0.10]

  /// Binary-mode relative reduction of churn, rel(x) ∈ [0.10, 0.71]:
  /// rel = 0.10 + 0.25·[Month-to-month] + 0.08·[One year] + 0.20·(1 − min(tenure, 36)/36)
  ///       + 0.16·clamp01((MonthlyCharges − 40)/60).
  /// Largest for new, month-to-month, high-bill customers; smallest for long two-year ones.
  public static func binaryRelativeEffect(_ x: InterventionCovariates) -> Double {
    let contractTerm = x.contract == 0 ? 0.25 : (x.contract == 1 ? 0.08 : 0)
    let tenureTerm = 0.20 * (1 - min(max(x.tenure, 0), 36) / 36)
    let priceTerm = 0.16 * clamp01((x.monthlyCharges - 40) / 60)
    return 0.10 + contractTerm + tenureTerm + priceTerm
  }

  /// How strongly a customer responds in a scenario, as a multiplier of the relative effect.
  /// Default: ρ = 1. Persuadables: ρ(r) = min(1, 2.5·(1 − r)²), so the absolute effect r·rel·ρ
  /// peaks near r ≈ 0.37 and the riskiest customers (r > 0.7) are nearly lost causes.
  public static func responsiveness(risk r: Double, scenario: InterventionScenario) -> Double {
    switch scenario {
    case .standard: return 1
    case .persuadables:
      let q = 1 - min(max(r, 0), 1)
      return min(1, 2.5 * q * q)
    }
  }

  /// Persuadables only: "sleeping dogs" — long two-year customers (tenure ≥ 48) whom contact
  /// reminds to shop around: their churn rises by 0.03 (absolute) when treated. 0 otherwise.
  public static func sleepingDogPenalty(_ x: InterventionCovariates, scenario: InterventionScenario) -> Double {
    scenario == .persuadables && x.contract == 2 && x.tenure >= 48 ? 0.03 : 0
  }

  /// Binary-mode treated churn probability p1 = clamp01(p0·(1 − rel(x)·ρ(r)) + sleeping-dog penalty).
  /// The true individual effect (CATE) is p1 − p0.
  public static func binaryTreatedProbability(
    _ x: InterventionCovariates, baseline p0: Double, risk r: Double, scenario: InterventionScenario
  ) -> Double {
    let rel = binaryRelativeEffect(x) * responsiveness(risk: r, scenario: scenario)
    return clamp01(p0 * (1 - rel) + sleepingDogPenalty(x, scenario: scenario))
  }

  /// Relative churn reduction of `arm` for a customer (negative = the arm raises churn), before the
  /// scenario's responsiveness. With s = clamp01((MonthlyCharges − 50)/50) (price sensitivity),
  /// M = [Month-to-month], E = [Electronic check], I = [internet], S = [no TechSupport],
  /// N = [tenure < 12], L = [tenure ≥ 48], B = exp(−((tenure − 30)/15)²) (mid-tenure bump),
  /// A = min(add-ons, 3)/3 (engagement):
  /// - discount_99:   0.05 + 0.30·M·s + 0.05·E
  /// - discount_199:  0.08 + 0.42·M·s + 0.05·E
  /// - feature_upsell: 0.35·I·B·A − 0.15·M·[tenure < 6] (upselling brand-new month-to-month customers backfires)
  /// - support_call:  I·(0.45·N·S + 0.10·S) − 0.10·L (long-standing customers find the call a nuisance)
  /// - none: 0.
  /// Customers without internet are unmoved by upsells and support calls.
  public static func armRelativeEffect(_ arm: InterventionArm, _ x: InterventionCovariates) -> Double {
    let m = x.monthToMonth ? 1.0 : 0, e = x.electronicCheck ? 1.0 : 0, i = x.hasInternet ? 1.0 : 0
    let s = clamp01((x.monthlyCharges - 50) / 50)
    switch arm {
    case .none: return 0
    case .discount99: return 0.05 + 0.30 * m * s + 0.05 * e
    case .discount199: return 0.08 + 0.42 * m * s + 0.05 * e
    case .featureUpsell:
      let z = (x.tenure - 30) / 15
      let bump = SimulationMath.expo(-z * z)
      let engagement = Double(min(x.addOns, 3)) / 3
      return 0.35 * i * bump * engagement - (x.monthToMonth && x.tenure < 6 ? 0.15 : 0)
    case .supportCall:
      let noSupport = x.techSupport ? 0.0 : 1, new = x.tenure < 12 ? 1.0 : 0
      return i * (0.45 * new * noSupport + 0.10 * noSupport) - (x.tenure >= 48 ? 0.10 : 0)
    }
  }

  /// Multi-arm churn probabilities under each arm, in ``InterventionArm/allCases`` order:
  /// p_a = clamp01(p0·(1 − rel_a(x)·ρ(r)) + sleeping-dog penalty for a ≠ none), p_none = p0.
  /// (No weekday or team argument: they cannot change churn.)
  public static func armOutcomeProbabilities(
    _ x: InterventionCovariates, baseline p0: Double, risk r: Double, scenario: InterventionScenario
  ) -> [Double] {
    let rho = responsiveness(risk: r, scenario: scenario)
    let dog = sleepingDogPenalty(x, scenario: scenario)
    return InterventionArm.allCases.map { arm in
      arm == .none ? p0 : clamp01(p0 * (1 - armRelativeEffect(arm, x) * rho) + dog)
    }
  }

  /// Multi-arm offer-weekday shifts of every treatment arm's logit (the instrument): Mon +0.5, Tue +0.3,
  /// Wed 0, Thu −0.3, Fri −0.5 — campaigns go out early in the week.
  public static let weekdayShift: [Double] = [0.5, 0.3, 0, -0.3, -0.5]

  /// Weekday names, in code order.
  public static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri"]

  /// Teams that review an account and may initiate an intervention, in code order.
  public static let teams = ["customer_service", "sales", "support"]

  /// Which team reviewed the account: multinomial logit, base customer_service;
  /// sales −0.4 + 1.0·(tenure/72) − 1.0·[no internet];
  /// support −0.6 + 0.8·[internet, no TechSupport] − 1.0·[no internet].
  public static func teamProbabilities(_ x: InterventionCovariates) -> [Double] {
    let t = min(max(x.tenure, 0), 72) / 72
    let ni = x.hasInternet ? 0.0 : 1
    let needsHelp = x.hasInternet && !x.techSupport ? 1.0 : 0
    return SimulationMath.softmax([0, -0.4 + 1.0 * t - 1.0 * ni, -0.6 + 0.8 * needsHelp - 1.0 * ni])
  }

  /// True multi-arm propensities (multinomial logit, base none), in ``InterventionArm/allCases`` order.
  /// With w = weekdayShift[weekday]·`instrumentStrength`, C/S/P = team is customer_service/sales/support,
  /// t = tenure/72, M = [Month-to-month], I = [internet], H = [internet, no TechSupport]:
  /// - discount_99:    −1.6 + 2.0r + 0.4M + 0.8C + γU + w
  /// - discount_199:   −2.4 + 2.5r + 0.4M + 0.8C + γU + w
  /// - feature_upsell: −2.6 + 1.0t + 1.0I + 1.2S + γU + w
  /// - support_call:   −2.2 + 1.5r + 0.8H + 1.2P + γU + w
  public static func armPropensities(
    _ x: InterventionCovariates, risk r: Double, team: Int, weekday: Int, u: Double, gamma: Double,
    instrumentStrength: Double = 1
  ) -> [Double] {
    let t = min(max(x.tenure, 0), 72) / 72
    let m = x.monthToMonth ? 1.0 : 0, i = x.hasInternet ? 1.0 : 0
    let h = x.hasInternet && !x.techSupport ? 1.0 : 0
    let c = team == 0 ? 1.0 : 0, s = team == 1 ? 1.0 : 0, p = team == 2 ? 1.0 : 0
    let shared = gamma * u + weekdayShift[min(max(weekday, 0), 4)] * instrumentStrength
    return SimulationMath.softmax([
      0,
      -1.6 + 2.0 * r + 0.4 * m + 0.8 * c + shared,
      -2.4 + 2.5 * r + 0.4 * m + 0.8 * c + shared,
      -2.6 + 1.0 * t + 1.0 * i + 1.2 * s + shared,
      -2.2 + 1.5 * r + 0.8 * h + 1.2 * p + shared,
    ])
  }

  @inline(__always)
  static func clamp01(_ x: Double) -> Double { min(max(x, 0), 1) }

  @inline(__always)
  static func logit(_ p: Double) -> Double {
    let q = min(max(p, 1e-6), 1 - 1e-6)
    return SimulationMath.ln(q / (1 - q))
  }
}
