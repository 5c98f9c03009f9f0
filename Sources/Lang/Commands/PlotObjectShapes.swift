import Frame
import Render

/// Pictures of result values for `plot v` (a value, not a frame).
///
/// A `validate_effects` result draws predicted vs actual effects by group (a forest plot of its `groups`);
/// every other result that carries a plot (`overlap`, `balance`, `drift`, `rate`, `qini`, `targeting`,
/// `sequential`, `peeking`, `bandit`, `power_curve`, or a plot value itself) draws that plot again, so
/// `width:`, `ascii:` and `svg:` apply to it. Any other value with a table field of a known shape
/// (`ab_test`'s arms, `compare_policies`) draws that table as `plot` draws the frame.
enum ObjectPlots {
  /// The picture of `o`, or an error naming the values that have one.
  static func kind(for o: any LangObject, inv: Invocation) throws -> PlotKind {
    if let p = o as? PlotObject { return p.kind }
    if let r = o as? ReportObject {
      if r.typeName == "effect_validation", case .frame(let groups)? = r.field("groups"),
        let spec = IntervalShapes.spec(for: groups, title: try inv.optionalString("title"))
      {
        return .interval(spec)
      }
      if let p = r.carriedPlots.first { return p.kind }
    }
    // A result whose table has a known shape (ab_test's arms, a policy comparison): that table's picture.
    for name in o.fieldNames {
      if case .frame(let df)? = o.field(name),
        let kind = ResultPlots.kind(for: df, title: try inv.optionalString("title"))
      {
        return kind
      }
    }
    throw inv.error(
      "plot: a value of type \(o.typeName) has no picture", at: "data",
      notes: [
        "values plot draws: validate_effects, drift, overlap, balance, rate, qini, targeting, sequential, "
          + "peeking, bandit, power_curve results, plot values, and result frames (" + ResultPlots.shapes + ")"
      ])
  }

  /// The height the value's own plot was drawn with (16 for a new picture).
  static func height(of o: any LangObject) -> Int {
    if let p = o as? PlotObject { return p.height }
    if let r = o as? ReportObject, r.typeName != "effect_validation", let p = r.carriedPlots.first { return p.height }
    return 16
  }
}
