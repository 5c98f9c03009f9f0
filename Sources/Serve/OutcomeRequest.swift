import Render

/// A validated `POST /v1/outcomes` body: what later happened to the customer of a logged decision.
public struct OutcomeInput: Sendable, Equatable {
  /// The decision the outcome belongs to.
  public var decisionID: String
  /// Whether the customer churned.
  public var churned: Bool
  /// The outcome's date, `YYYY-MM-DD`.
  public var date: String

  /// An outcome from its parts.
  public init(decisionID: String, churned: Bool, date: String) {
    self.decisionID = decisionID
    self.churned = churned
    self.date = date
  }

  /// Validates `{"decision_id": string, "churned": bool, "date": "YYYY-MM-DD"}`, naming every offending member.
  public static func parse(_ body: JSONValue) throws -> OutcomeInput {
    guard let members = body.objectValue else {
      throw APIError.invalid([
        FieldProblem(
          field: "$", problem: "expected a JSON object {\"decision_id\", \"churned\", \"date\"}, got \(typeName(body))")
      ])
    }
    var problems: [FieldProblem] = []
    for (key, _) in members where !["decision_id", "churned", "date"].contains(key) {
      problems.append(FieldProblem(field: key, problem: "unknown member; an outcome has decision_id, churned and date"))
    }
    var id = "", churned = false, date = ""
    switch body["decision_id"] {
    case .some(.string(let s)) where !s.isEmpty && s.count <= 128: id = s
    case .some(.string): problems.append(FieldProblem(field: "decision_id", problem: "expected 1 to 128 characters"))
    case nil, .some(.null):
      problems.append(
        FieldProblem(field: "decision_id", problem: "missing; expected the decision id a recommendation returned"))
    case .some(let v):
      problems.append(FieldProblem(field: "decision_id", problem: "expected a string, got \(typeName(v))"))
    }
    switch body["churned"] {
    case .some(.bool(let b)): churned = b
    case nil, .some(.null): problems.append(FieldProblem(field: "churned", problem: "missing; expected true or false"))
    case .some(let v):
      problems.append(FieldProblem(field: "churned", problem: "expected true or false, got \(typeName(v))"))
    }
    switch body["date"] {
    case .some(.string(let s)) where isCalendarDate(s): date = s
    case .some(.string(let s)):
      problems.append(
        FieldProblem(field: "date", problem: "expected a date YYYY-MM-DD, got \(jsonQuoted(String(s.prefix(40))))"))
    case nil, .some(.null): problems.append(FieldProblem(field: "date", problem: "missing; expected a date YYYY-MM-DD"))
    case .some(let v):
      problems.append(FieldProblem(field: "date", problem: "expected a date string YYYY-MM-DD, got \(typeName(v))"))
    }
    guard problems.isEmpty else { throw APIError.invalid(problems) }
    return OutcomeInput(decisionID: id, churned: churned, date: date)
  }
}

/// Whether `s` is a real calendar date written `YYYY-MM-DD` (years 1900–2999, leap years respected).
func isCalendarDate(_ s: String) -> Bool {
  let b = Array(s.utf8)
  guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
  func number(_ r: Range<Int>) -> Int? {
    var n = 0
    for i in r {
      guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
      n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
    }
    return n
  }
  guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), (1900...2999).contains(y),
    (1...12).contains(m)
  else {
    return false
  }
  let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
  let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
  return (1...days).contains(d)
}
