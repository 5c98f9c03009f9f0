import Causal
import Foundation
import Frame
import Policy
import Render

/// A fitted policy tree as a language value: prints its rule and DR value; fields `rules`, `value`.
struct PolicyTreeObject: LangObject {
  let tree: PolicyTree
  let value: PolicyValue
  let scores: PolicyScores

  var typeName: String { "policy_tree" }
  var fieldNames: [String] { ["rules", "prevented", "prevented_se", "treated", "reward"] }
  var summaryLine: String { "policy tree (depth \(tree.depth), \(tree.rules.count) leaves)" }

  var report: Report {
    var rep = tree.report
    rep.items.append(.text("Doubly robust value on the rows it was grown on (in-sample, optimistic):"))
    rep.items.append(contentsOf: PolicyEvaluationCommands.report(value, scores).items)
    return rep
  }

  func field(_ name: String) -> Value? {
    switch name {
    case "rules": return .list(tree.rules.map { .string($0) })
    case "prevented": return .number(value.prevented.value)
    case "prevented_se": return .number(value.prevented.se)
    case "treated": return .number(value.treatedShare)
    case "reward": return .number(tree.reward)
    default: return nil
    }
  }
}
