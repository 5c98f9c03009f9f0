import Render

/// One problem with one request member: the member's path (`tenure`, `customers[3].Contract`) and what is wrong.
public struct FieldProblem: Sendable, Equatable {
  /// The member's path in the request body (`$` for the body itself).
  public var field: String
  /// What is wrong and what would be accepted.
  public var problem: String

  /// A problem with a member.
  public init(field: String, problem: String) {
    self.field = field
    self.problem = problem
  }
}

/// A client error the service answers with a 4xx status and a JSON body `{"error": code, "message": …,
/// "fields": [{"field": …, "problem": …}]}`. Nothing a client sends becomes a 500.
public struct APIError: Error, Sendable, Equatable {
  /// The HTTP status code (4xx, or 503 while shutting down).
  public var status: Int
  /// A stable machine-readable code (`invalid_request`, `malformed_json`, `unauthorized`, …).
  public var code: String
  /// A sentence for people.
  public var message: String
  /// Every offending member (empty when the problem is the request as a whole).
  public var fields: [FieldProblem]

  /// An error from its parts.
  public init(status: Int, code: String, message: String, fields: [FieldProblem] = []) {
    self.status = status
    self.code = code
    self.message = message
    self.fields = fields
  }

  /// The JSON body.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [("error", .string(code)), ("message", .string(message))]
    if !fields.isEmpty {
      members.append(
        ("fields", .array(fields.map { .object([("field", .string($0.field)), ("problem", .string($0.problem))]) })))
    }
    return .object(members)
  }

  /// 400: the body's members are wrong (each named).
  public static func invalid(_ fields: [FieldProblem]) -> APIError {
    APIError(
      status: 400, code: "invalid_request",
      message: "the request has \(fields.count) invalid member\(fields.count == 1 ? "" : "s"); see fields",
      fields: fields)
  }

  /// 401 without saying which part of the credentials failed.
  public static let unauthorized = APIError(
    status: 401, code: "unauthorized", message: "a valid bearer token is required")
}
