import Render

/// Turns request bodies into validated engine inputs, collecting every problem instead of stopping at the first.
///
/// Rules: the body is a JSON object; the id member is a non-empty string of at most 128 characters; every schema
/// field is present (unless optional) with the right JSON type; numbers are finite, whole when the field is an
/// integer, and within the field's bounds; category levels are ones the policy was trained on (case-sensitive);
/// members the schema does not name are refused (a typo must not silently become a missing value).
public struct RequestValidator: Sendable {
  /// The schema requests are checked against.
  public let schema: InputSchema
  /// The largest batch accepted.
  public let maxBatch: Int

  /// A validator for `schema` accepting batches of up to `maxBatch` customers.
  public init(schema: InputSchema, maxBatch: Int) {
    self.schema = schema
    self.maxBatch = maxBatch
  }

  /// One customer from a `POST /v1/recommend` body.
  public func single(_ body: JSONValue) throws -> CustomerInput {
    var problems: [FieldProblem] = []
    let input = customer(body, path: "", problems: &problems)
    guard problems.isEmpty, let input else { throw APIError.invalid(problems) }
    return input
  }

  /// The customers of a `POST /v1/recommend/batch` body `{"customers": [...]}`.
  public func batch(_ body: JSONValue) throws -> [CustomerInput] {
    guard let members = body.objectValue else {
      throw APIError.invalid([
        FieldProblem(field: "$", problem: "expected a JSON object {\"customers\": [...]}, got \(typeName(body))")
      ])
    }
    var problems: [FieldProblem] = []
    for (key, _) in members where key != "customers" {
      problems.append(FieldProblem(field: key, problem: "unknown member; the batch body has only \"customers\""))
    }
    guard let list = body["customers"] else {
      problems.append(FieldProblem(field: "customers", problem: "missing; expected an array of customer objects"))
      throw APIError.invalid(problems)
    }
    guard let items = list.arrayValue else {
      problems.append(
        FieldProblem(field: "customers", problem: "expected an array of customer objects, got \(typeName(list))"))
      throw APIError.invalid(problems)
    }
    if items.isEmpty {
      problems.append(FieldProblem(field: "customers", problem: "empty; send 1 to \(maxBatch) customers"))
    }
    if items.count > maxBatch {
      problems.append(
        FieldProblem(
          field: "customers",
          problem: "\(items.count) customers is more than this server's batch limit of \(maxBatch); split the batch"))
      throw APIError(
        status: 413, code: "batch_too_large", message: "at most \(maxBatch) customers per batch", fields: problems)
    }
    var inputs: [CustomerInput] = []
    inputs.reserveCapacity(items.count)
    for (i, item) in items.enumerated() {
      if let c = customer(item, path: "customers[\(i)].", problems: &problems) { inputs.append(c) }
    }
    guard problems.isEmpty else { throw APIError.invalid(problems) }
    return inputs
  }

  /// Validates one customer object; appends problems and returns nil when any member is wrong.
  func customer(_ value: JSONValue, path: String, problems: inout [FieldProblem]) -> CustomerInput? {
    guard let members = value.objectValue else {
      let name = path.isEmpty ? "$" : String(path.dropLast())
      problems.append(
        FieldProblem(field: name, problem: "expected a JSON object of customer fields, got \(typeName(value))"))
      return nil
    }
    let before = problems.count
    var seen = Set<String>()
    for (key, _) in members {
      if !seen.insert(key).inserted {
        problems.append(FieldProblem(field: path + key, problem: "given more than once"))
      } else if key != schema.idField && schema.index(of: key) == nil {
        problems.append(
          FieldProblem(
            field: path + key, problem: "unknown field; the policy's fields are \(schema.idField), \(fieldList)"))
      }
    }
    var id = ""
    switch value[schema.idField] {
    case nil, .some(.null):
      problems.append(FieldProblem(field: path + schema.idField, problem: "missing; expected a non-empty string"))
    case .some(.string(let s)):
      if s.isEmpty || s.count > 128 {
        problems.append(
          FieldProblem(field: path + schema.idField, problem: "expected 1 to 128 characters, got \(s.count)"))
      }
      id = s
    case .some(let other):
      problems.append(FieldProblem(field: path + schema.idField, problem: "expected a string, got \(typeName(other))"))
    }
    var values: [FieldValue?] = []
    values.reserveCapacity(schema.fields.count)
    for spec in schema.fields {
      values.append(fieldValue(value[spec.name], spec: spec, path: path + spec.name, problems: &problems))
    }
    return problems.count == before ? CustomerInput(customerID: id, values: values) : nil
  }

  private var fieldList: String { schema.fields.map(\.name).joined(separator: ", ") }

  private func fieldValue(_ v: JSONValue?, spec: FieldSpec, path: String, problems: inout [FieldProblem]) -> FieldValue?
  {
    guard let v, !v.isNull else {
      if !spec.optional {
        problems.append(FieldProblem(field: path, problem: "missing; expected \(expectation(spec))"))
      }
      return nil
    }
    switch spec.kind {
    case .number(let lo, let hi, let integer):
      guard let d = v.doubleValue, v.boolValue == nil else {
        problems.append(FieldProblem(field: path, problem: "expected \(expectation(spec)), got \(typeName(v))"))
        return nil
      }
      if !d.isFinite {
        problems.append(FieldProblem(field: path, problem: "expected a finite number, got \(jsonNumberText(d))"))
      } else if integer && d != d.rounded() {
        problems.append(FieldProblem(field: path, problem: "expected a whole number, got \(jsonNumberText(d))"))
      } else if let lo, d < lo {
        problems.append(
          FieldProblem(
            field: path, problem: "out of range: \(jsonNumberText(d)) is below the minimum \(jsonNumberText(lo))"))
      } else if let hi, d > hi {
        problems.append(
          FieldProblem(
            field: path, problem: "out of range: \(jsonNumberText(d)) is above the maximum \(jsonNumberText(hi))"))
      } else {
        return .number(d)
      }
    case .category(let levels):
      guard let s = v.stringValue else {
        problems.append(FieldProblem(field: path, problem: "expected \(expectation(spec)), got \(typeName(v))"))
        return nil
      }
      if levels.contains(s) { return .category(s) }
      problems.append(
        FieldProblem(
          field: path,
          problem: "unknown level \(jsonQuoted(s)); the policy knows \(levels.map(jsonQuoted).joined(separator: ", "))")
      )
    case .boolean:
      if let b = v.boolValue { return .boolean(b) }
      problems.append(FieldProblem(field: path, problem: "expected true or false, got \(typeName(v))"))
    }
    return nil
  }

  private func expectation(_ spec: FieldSpec) -> String {
    switch spec.kind {
    case .number(_, _, let integer): return integer ? "a whole number" : "a number"
    case .category(let levels): return "one of \(levels.map(jsonQuoted).joined(separator: ", "))"
    case .boolean: return "true or false"
    }
  }
}

/// The JSON type of a value, for error messages.
func typeName(_ v: JSONValue) -> String {
  switch v {
  case .null: return "null"
  case .bool: return "a boolean"
  case .number, .int: return "a number"
  case .string: return "a string"
  case .array: return "an array"
  case .object: return "an object"
  }
}
