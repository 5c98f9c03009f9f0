import Lang

/// Runs code in a fresh interpreter and returns what it printed (one string per printed value).
func run(_ code: String, params: [String: Value] = [:]) throws -> [String] {
  let interp = Interpreter()
  var out: [String] = []
  interp.output = { out.append($0) }
  interp.parameterOverrides = params
  try interp.run(SourceFile(name: "test.churn", text: code))
  return out
}

/// Runs code and returns the value of the last statement (which must be a bare expression).
func eval(_ code: String, in interp: Interpreter = Interpreter()) throws -> Value {
  interp.output = { _ in }
  let source = SourceFile(name: "test.churn", text: code)
  let program = try interp.parse(source)
  try interp.check(program)
  var last: Value = .nothing
  for s in program.statements { if let v = try interp.execute(s, in: source) { last = v } }
  return last
}

/// The rendered error (no colour) that running `code` produces, or nil if it succeeds.
func errorText(_ code: String, setup: ((Interpreter) throws -> Void)? = nil) -> String? {
  let interp = Interpreter()
  interp.output = { _ in }
  do { try setup?(interp) } catch { return "setup failed: \(error)" }
  do {
    try interp.run(SourceFile(name: "test.churn", text: code))
    return nil
  } catch let e as LangError {
    return e.render(color: false)
  } catch {
    return "\(error)"
  }
}

/// A small frame for verb tests: 6 customers with a missing charge.
func sampleFrame() throws -> DataFrame {
  try DataFrame(columns: [
    Column(name: "id", strings: ["a", "b", "c", "d", "e", "f"]),
    Column(name: "tenure", ints: [1, 5, 12, 24, 36, 72]),
    Column(name: "charges", floats: [20.0, 35.5, nil, 80.25, 99.0, 50.0]),
    Column(name: "plan", strings: ["m2m", "m2m", "year", "m2m", "year", "two"]),
    Column(name: "churned", bools: [true, true, false, true, false, false]),
  ])
}

/// An interpreter with `df` bound to ``sampleFrame()``.
func interpreterWithFrame() throws -> Interpreter {
  let interp = Interpreter()
  interp.define("df", .frame(try sampleFrame()))
  return interp
}

extension Value {
  /// The scalar as a Double for assertions (nil when not numeric).
  var number: Double? { doubleValue }
  var string: String? { if case .string(let s) = self { return s } else { return nil } }
  var frame: DataFrame? {
    if case .frame(let f) = self { return f }
    if case .grouped(let g) = self { return g.frame }
    return nil
  }
}
