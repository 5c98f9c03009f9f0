// Module DecisionLog: reads the decision service's SQLite log back as a data frame, through the system SQLite
// library (the tiny CSQLite system-library target) — no GRDB, no server packages — so the language can analyse
// live decisions and outcomes (`read_log "decisions.sqlite"`) while `churn` stays light to build.
import CSQLite
import Frame
import Render

/// Reads a decision log written by `churn-serve` (schema version 1; see Serve's `SQLiteLogStore`).
///
/// One row per decision, in log order, with columns: `time`, `decision_id`, `customer_id`, `policy_version`,
/// `churn_probability`, `recommendation`, `reduction` (+ `_lower`, `_upper`), `net_value` (+ `_lower`,
/// `_upper`); then each input field (numbers as float, booleans as bool, others as text; a field whose name
/// clashes with a column above gets the prefix `input_`); then `effect_<arm>`, `effect_<arm>_lower`,
/// `effect_<arm>_upper` and `net_<arm>` per intervention; then the latest reported outcome: `churned` (bool,
/// missing when none was reported) and `outcome_date`.
public enum DecisionLogReader {
  /// The frame of the log at `path`. The file is opened read-only; a running server may keep writing.
  public static func read(path: String) throws -> DataFrame {
    var handle: OpaquePointer?
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let db = handle else {
      let why = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      sqlite3_close(handle)
      throw DecisionLogError("cannot open the decision log '\(path)': \(why)")
    }
    defer { sqlite3_close(db) }
    sqlite3_busy_timeout(db, 5000)
    let version = try query(db, "PRAGMA user_version", path: path).first?.first.flatMap { $0.int } ?? 0
    let tables = Set(
      try query(db, "SELECT name FROM sqlite_master WHERE type = 'table'", path: path).compactMap { $0.first?.text })
    guard tables.contains("decisions"), tables.contains("outcomes") else {
      throw DecisionLogError(
        "'\(path)' is not a churn decision log (no decisions/outcomes tables); pass the --log file of churn serve")
    }
    guard version <= 1 else {
      throw DecisionLogError(
        "'\(path)' has decision-log schema version \(version); this churn reads version 1 — use a newer churn")
    }
    let rows = try query(
      db,
      """
      SELECT d.time, d.decision_id, d.customer_id, d.policy_version, d.churn_probability, d.recommendation,
             d.reduction, d.reduction_lower, d.reduction_upper, d.net_value, d.net_value_lower, d.net_value_upper,
             d.inputs, d.scores, o.churned, o.outcome_date
      FROM decisions d LEFT JOIN
        (SELECT decision_id, churned, outcome_date, MAX(seq) FROM outcomes GROUP BY decision_id) o
        ON o.decision_id = d.decision_id
      ORDER BY d.seq
      """, path: path)
    return try frame(rows, path: path)
  }

  static let fixedText = ["time", "decision_id", "customer_id", "policy_version"]
  static let fixedFloat = ["churn_probability"]
  static let fixedAfter = [
    "reduction", "reduction_lower", "reduction_upper", "net_value", "net_value_lower", "net_value_upper",
  ]

  static func frame(_ rows: [[SQLValue]], path: String) throws -> DataFrame {
    var columns: [Column] = []
    for (j, name) in fixedText.enumerated() { columns.append(Column(name: name, strings: rows.map { $0[j].text })) }
    columns.append(Column(name: "churn_probability", floats: rows.map { $0[4].double }))
    columns.append(Column(name: "recommendation", strings: rows.map { $0[5].text }))
    for (j, name) in fixedAfter.enumerated() {
      columns.append(Column(name: name, floats: rows.map { $0[6 + j].double }))
    }
    let taken = Set(columns.map(\.name) + ["churned", "outcome_date"])
    // Inputs: one column per member, in first-appearance order.
    var inputs: [[(String, JSONValue)]] = []
    for (i, r) in rows.enumerated() {
      guard let text = r[12].text, case .object(let members)? = try? parseJSON(text) else {
        throw DecisionLogError("'\(path)' is damaged: the inputs of decision row \(i + 1) are not a JSON object")
      }
      inputs.append(members)
    }
    columns += jsonColumns(inputs, rename: { taken.contains($0) ? "input_" + $0 : $0 })
    // Scores: effect and net value per arm.
    var arms: [String] = []
    var scores: [[String: JSONValue]] = []
    for (i, r) in rows.enumerated() {
      guard let text = r[13].text, case .array(let items)? = try? parseJSON(text) else {
        throw DecisionLogError("'\(path)' is damaged: the scores of decision row \(i + 1) are not a JSON array")
      }
      var byArm: [String: JSONValue] = [:]
      for item in items {
        guard let arm = item["intervention"]?.stringValue else { continue }
        if !arms.contains(arm) { arms.append(arm) }
        byArm[arm] = item
      }
      scores.append(byArm)
    }
    for arm in arms {
      columns.append(Column(name: "effect_\(arm)", floats: scores.map { $0[arm]?["effect"]?["estimate"]?.doubleValue }))
      columns.append(
        Column(name: "effect_\(arm)_lower", floats: scores.map { $0[arm]?["effect"]?["ci_lower"]?.doubleValue }))
      columns.append(
        Column(name: "effect_\(arm)_upper", floats: scores.map { $0[arm]?["effect"]?["ci_upper"]?.doubleValue }))
      columns.append(Column(name: "net_\(arm)", floats: scores.map { $0[arm]?["net_value"]?["estimate"]?.doubleValue }))
    }
    let churned = rows.map { $0[14].int }
    columns.append(Column(name: "churned", bools: churned.map { $0 == 1 }, valid: churned.map { $0 != nil }))
    columns.append(Column(name: "outcome_date", strings: rows.map { $0[15].text }))
    var out = DataFrame()
    for c in columns {
      do { try out.append(c) } catch {
        throw DecisionLogError("'\(path)': cannot build column '\(c.name)': \(error)")
      }
    }
    return out
  }

  /// Columns from rows of JSON members: all numbers → float, all booleans → bool, else text.
  static func jsonColumns(_ rows: [[(String, JSONValue)]], rename: (String) -> String) -> [Column] {
    var names: [String] = []
    var seen = Set<String>()
    for r in rows { for (k, _) in r where seen.insert(k).inserted { names.append(k) } }
    return names.map { name in
      let values = rows.map { r in r.first { $0.0 == name }?.1 }
      let present = values.compactMap { v -> JSONValue? in v.flatMap { $0.isNull ? nil : $0 } }
      let out = rename(name)
      if !present.isEmpty, present.allSatisfy({ $0.doubleValue != nil && $0.boolValue == nil }) {
        return Column(name: out, floats: values.map { $0?.doubleValue })
      }
      if !present.isEmpty, present.allSatisfy({ $0.boolValue != nil }) {
        return Column(
          name: out, bools: values.map { $0?.boolValue ?? false }, valid: values.map { $0?.boolValue != nil })
      }
      return Column(
        name: out,
        strings: values.map { v -> String? in
          guard let v, !v.isNull else { return nil }
          return v.stringValue ?? renderJSON(v, pretty: false)
        })
    }
  }

  /// One SQLite cell.
  enum SQLValue {
    case null, integer(Int64), real(Double), text(String)
    var text: String? { if case .text(let s) = self { return s } else { return nil } }
    var double: Double? {
      switch self {
      case .real(let d): return d
      case .integer(let i): return Double(i)
      default: return nil
      }
    }
    var int: Int? { if case .integer(let i) = self { return Int(exactly: i) } else { return nil } }
  }

  static func query(_ db: OpaquePointer, _ sql: String, path: String) throws -> [[SQLValue]] {
    var stmt: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let s = stmt else {
      throw DecisionLogError("cannot read '\(path)': \(String(cString: sqlite3_errmsg(db)))")
    }
    defer { sqlite3_finalize(s) }
    var rows: [[SQLValue]] = []
    while true {
      let rc = sqlite3_step(s)
      if rc == SQLITE_DONE { break }
      guard rc == SQLITE_ROW else {
        throw DecisionLogError("cannot read '\(path)': \(String(cString: sqlite3_errmsg(db)))")
      }
      let n = sqlite3_column_count(s)
      rows.append(
        (0..<n).map { j in
          switch sqlite3_column_type(s, j) {
          case SQLITE_INTEGER: return .integer(sqlite3_column_int64(s, j))
          case SQLITE_FLOAT: return .real(sqlite3_column_double(s, j))
          case SQLITE_TEXT: return sqlite3_column_text(s, j).map { .text(String(cString: $0)) } ?? .null
          default: return .null
          }
        })
    }
    return rows
  }
}

/// A decision log that cannot be read; the message names the file and the fix.
public struct DecisionLogError: Error, CustomStringConvertible, Sendable {
  /// The message.
  public var description: String
  init(_ message: String) { description = message }
}
