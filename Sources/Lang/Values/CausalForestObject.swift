import Causal
import Frame

/// A fitted causal forest — one two-arm forest, or one forest per arm against a baseline (Causal's
/// ``SavedCausalForest``) — with its training frame when known.
struct CausalForestObject: LangObject {
  let forest: SavedCausalForest
  let frame: DataFrame?

  var typeName: String { "causal_forest" }
  var report: Report {
    switch forest {
    case .single(let f): return f.report
    case .multiArm(let m): return m.report
    }
  }
  var summaryLine: String {
    switch forest {
    case .single(let s): return "causal_forest (\(s.forest.treeCount) trees, \(s.rowCount) rows)"
    case .multiArm(let m): return "causal_forest (\(m.arms.count) arms vs \(m.baseline))"
    }
  }
  var fieldNames: [String] { ["effect", "se", "y_hat", "w_hat", "trees", "importance", "arms", "baseline"] }
  func field(_ name: String) -> Value? {
    switch forest {
    case .single(let f):
      switch name {
      case "effect": return .column(Column(name: "effect", floats: f.oob.tau))
      case "se": return .column(Column(name: "se", floats: f.oob.variance.map { $0.squareRoot() }))
      case "y_hat": return .column(Column(name: "y_hat", floats: f.yHat))
      case "w_hat": return .column(Column(name: "w_hat", floats: f.wHat))
      case "trees": return .int(f.forest.treeCount)
      case "importance": return .frame(f.importance())
      default: return nil
      }
    case .multiArm(let m):
      switch name {
      case "trees": return .int(m.forests.first?.forest.treeCount ?? 0)
      case "arms": return .list(m.arms.map { .string($0) })
      case "baseline": return .string(m.baseline)
      default: return nil
      }
    }
  }

  /// The forest to analyse and its rows in the training frame (`arm:` picks one of several).
  func pick(_ inv: Invocation) throws -> (forest: CausalForest, rows: [Int]) {
    switch forest {
    case .single(let f): return (f, Array(0..<f.rowCount))
    case .multiArm(let multi):
      guard let first = multi.arms.first else { throw inv.error("\(inv.spec.name): empty forest") }
      let arm = try inv.optionalString("arm") ?? first
      guard let k = multi.arms.firstIndex(of: arm) else {
        throw inv.error(
          "\(inv.spec.name): unknown arm '\(arm)'; arms: \(multi.arms.joined(separator: ", "))", at: "arm")
      }
      return (multi.forests[k], multi.rows[k])
    }
  }

  /// The training frame, or an error saying how to attach it.
  func trainingFrame(_ inv: Invocation) throws -> DataFrame {
    guard let frame else {
      throw inv.error(
        "\(inv.spec.name): this forest was loaded without its training frame; load it with `on` the frame")
    }
    return frame
  }
}
