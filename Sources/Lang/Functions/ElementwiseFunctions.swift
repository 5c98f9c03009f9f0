import Foundation
import Render

/// Element-wise functions: one result per row for columns, a scalar for scalars.
enum ElementwiseFunctions {
  static var all: [FunctionSpec] {
    [
      FunctionSpec(
        "coalesce(x, y, ...)", .elementwise, "The first non-missing value of the arguments, row by row.",
        args: 2...Int.max, apply: coalesce),
      FunctionSpec("is_missing(x)", .elementwise, "true where x is missing (NA).", args: 1...1) { args, ctx in
        switch args[0] {
        case .column(let c): return .column(Column(name: "", bools: (0..<c.count).map { c.isMissing($0) }))
        case let v: return .bool(v.isMissing)
        }
      },
      math("log(x)", "Natural logarithm (missing for x <= 0).") { $0 > 0 ? Foundation.log($0) : .nan },
      math("exp(x)", "e to the power x.") { Foundation.exp($0) },
      math("sqrt(x)", "Square root (missing for x < 0).") { $0 >= 0 ? $0.squareRoot() : .nan },
      math("abs(x)", "Absolute value.", keepsInt: true) { Swift.abs($0) },
      math("floor(x)", "Largest integer not above x.", keepsInt: true) { $0.rounded(.down) },
      math("ceil(x)", "Smallest integer not below x.", keepsInt: true) { $0.rounded(.up) },
      FunctionSpec(
        "round(x, digits)", .elementwise, "Rounds to `digits` decimals (default 0), half away from zero.",
        args: 1...2
      ) { args, ctx in
        var d = 0
        if args.count == 2 {
          guard case .int(let k) = args[1], k >= -15, k <= 15 else {
            throw ctx.error("digits must be a whole number between -15 and 15", argument: 1)
          }
          d = k
        }
        let scale = Foundation.pow(10.0, Double(d))
        return try mapNumeric(args[0], ctx, keepsInt: d >= 0) { ($0 * scale).rounded() / scale }
      },
      FunctionSpec(
        "if_else(cond, a, b)", .elementwise, "a where cond is true, b where it is false, NA where it is missing.",
        args: 3...3, apply: ifElse),
      FunctionSpec(
        "cut(x, breaks, labels)", .elementwise,
        "Bins numbers at the given breaks, e.g. cut(tenure, [0, 12, 24, 72]); labels optional.",
        args: 2...3
      ) { args, ctx in
        let c = try AggregateFunctions.column(args[0], ctx, numeric: true)
        guard case .list(let bs) = args[1], !bs.isEmpty, bs.allSatisfy({ $0.doubleValue != nil }) else {
          throw ctx.error("breaks must be a list of numbers, e.g. [0, 12, 24, 72]", argument: 1)
        }
        var labels: [String]? = nil
        if args.count == 3 {
          guard case .list(let ls) = args[2] else { throw ctx.error("labels must be a list of strings", argument: 2) }
          labels = ls.map { if case .string(let s) = $0 { return s } else { return $0.brief } }
        }
        do {
          return .column(try c.cut(breaks: bs.compactMap(\.doubleValue), labels: labels))
        } catch let e as FrameError { throw ctx.error(e.description) }
      },
      FunctionSpec(
        "qcut(x, k)", .elementwise, "Bins numbers into k groups of about equal size (quantile bins).",
        args: 2...2
      ) { args, ctx in
        let c = try AggregateFunctions.column(args[0], ctx, numeric: true)
        guard case .int(let k) = args[1], k >= 1, k <= 1000 else {
          throw ctx.error("k must be a whole number from 1 to 1000", argument: 1)
        }
        do { return .column(try c.qcut(k)) } catch let e as FrameError { throw ctx.error(e.description) }
      },
      FunctionSpec(
        "as_float(x)", .elementwise, "Converts to numbers (text is parsed; unparseable text is NA).",
        args: 1...1
      ) { args, ctx in try convertNumber(args[0], ctx, toInt: false) },
      FunctionSpec(
        "as_int(x)", .elementwise, "Converts to whole numbers (truncating; bools are 0/1).",
        args: 1...1
      ) { args, ctx in try convertNumber(args[0], ctx, toInt: true) },
      FunctionSpec(
        "as_string(x)", .elementwise,
        "Converts to text; numbers in the shortest form that reads back exactly (1834.58, 0.1).",
        args: 1...1
      ) { args, _ in
        switch args[0] {
        case .column(let c):
          return .column(
            Column(
              name: "",
              strings: (0..<c.count).map { i -> String? in
                if c.isMissing(i) { return nil }
                if let d = c.double(at: i), c.type == .float { return formatRoundTrip(d) }
                return formatCell(c.value(at: i))
              }))
        case .missing: return .missing
        case .number(let d): return .string(formatRoundTrip(d))
        case let v: return .string(v.rendered())
        }
      },
      text("lower(x)", "Lower-case text.") { .string($0.lowercased()) },
      text("upper(x)", "Upper-case text.") { .string($0.uppercased()) },
      textTest("contains(x, text)", "true where x contains text.") { $0.contains($1) },
      textTest("starts_with(x, text)", "true where x starts with text.") { $0.hasPrefix($1) },
      textTest("ends_with(x, text)", "true where x ends with text.") { $0.hasSuffix($1) },
    ]
  }

  // MARK: - Builders

  static func math(
    _ sig: String, _ doc: String, keepsInt: Bool = false,
    _ f: @escaping (Double) -> Double
  ) -> FunctionSpec {
    FunctionSpec(sig, .elementwise, doc, args: 1...1) { args, ctx in
      try mapNumeric(args[0], ctx, keepsInt: keepsInt, f)
    }
  }

  static func mapNumeric(
    _ v: Value, _ ctx: FunctionContext, keepsInt: Bool,
    _ f: (Double) -> Double
  ) throws -> Value {
    switch v {
    case .missing: return .missing
    case .int(let i):
      let r = f(Double(i))
      if keepsInt, let k = Int(exactly: r) { return .int(k) }
      return r.isNaN ? .missing : .number(r)
    case .number(let d):
      let r = f(d)
      return r.isNaN ? .missing : .number(r)
    case .column(let c) where c.type != .string:
      guard let nv = numericVector(v, count: c.count) else { break }
      var out = nv.values
      for i in out.indices { out[i] = f(out[i]) }
      return .column(numericColumn(out, valid: nv.valid, preferInt: keepsInt && nv.isInt))
    default: break
    }
    throw ctx.error("needs numbers, got \(describeOperand(v))", argument: 0)
  }

  static func text(_ sig: String, _ doc: String, _ f: @escaping (String) -> Value) -> FunctionSpec {
    FunctionSpec(sig, .elementwise, doc, args: 1...1) { args, ctx in
      switch args[0] {
      case .missing: return .missing
      case .string(let s): return f(s)
      case .column(let c):
        guard case .string(let codes, let levels) = c.storage else { break }
        let mapped = levels.map { lv -> String in if case .string(let s) = f(lv) { return s } else { return lv } }
        return .column(Column(name: "", strings: codes.indices.map { c.isMissing($0) ? nil : mapped[Int(codes[$0])] }))
      default: break
      }
      throw ctx.error("needs text, got \(describeOperand(args[0]))", argument: 0)
    }
  }

  static func textTest(_ sig: String, _ doc: String, _ f: @escaping (String, String) -> Bool) -> FunctionSpec {
    FunctionSpec(sig, .elementwise, doc, args: 2...2) { args, ctx in
      guard case .string(let needle) = args[1] else {
        throw ctx.error("the second argument must be a string, got \(describeOperand(args[1]))", argument: 1)
      }
      switch args[0] {
      case .missing: return .missing
      case .string(let s): return .bool(f(s, needle))
      case .column(let c):
        guard case .string(let codes, let levels) = c.storage else { break }
        let per = levels.map { f($0, needle) }
        return .column(Column(name: "", storage: .bool(codes.map { per[Int($0)] }), valid: c.valid))
      default: break
      }
      throw ctx.error("needs text, got \(describeOperand(args[0]))", argument: 0)
    }
  }

  // MARK: - Implementations

  static func coalesce(_ args: [Value], _ ctx: FunctionContext) throws -> Value {
    guard let n = try commonLength(args, span: ctx.span) else {
      return args.first { !$0.isMissing } ?? .missing
    }
    if let nums = Optional(args.compactMap({ numericVector($0, count: n) })), nums.count == args.count,
      !args.contains(where: {
        if case .column(let c) = $0 { return c.type == .string }
        if case .string = $0 { return true }
        return false
      })
    {
      var out = [Double](repeating: 0, count: n)
      var valid = [Bool](repeating: false, count: n)
      for i in 0..<n {
        for v in nums where v.isValid(i) {
          out[i] = v.values[i]
          valid[i] = true
          break
        }
      }
      let allBool = args.allSatisfy {
        if case .column(let c) = $0 { return c.type == .bool }
        return $0.isBool || $0.isMissing
      }
      if allBool { return .column(Column(name: "", storage: .bool(out.map { $0 != 0 }), valid: valid)) }
      return .column(numericColumn(out, valid: valid, preferInt: nums.allSatisfy(\.isInt)))
    }
    let strs = args.compactMap { stringVector($0, count: n) }
    guard strs.count == args.count else {
      throw ctx.error(
        "arguments must all be numbers or all be text, got "
          + args.map(describeOperand).joined(separator: ", "))
    }
    return .column(Column(name: "", strings: (0..<n).map { i in strs.lazy.compactMap { $0[i] }.first }))
  }

  static func ifElse(_ args: [Value], _ ctx: FunctionContext) throws -> Value {
    guard let n = try commonLength(args, span: ctx.span) else {
      switch args[0] {
      case .bool(let b): return b ? args[1] : args[2]
      case .missing: return .missing
      default: throw ctx.error("the condition must be true/false, got \(describeOperand(args[0]))", argument: 0)
      }
    }
    guard let cond = boolVector(args[0], count: n) else {
      throw ctx.error("the condition must be true/false, got \(describeOperand(args[0]))", argument: 0)
    }
    func isText(_ v: Value) -> Bool {
      if case .string = v { return true }
      if case .column(let c) = v { return c.type == .string }
      return false
    }
    if isText(args[1]) || isText(args[2]) {
      guard let a = stringVector(args[1], count: n), let b = stringVector(args[2], count: n) else {
        throw ctx.error("both branches must be text or both numbers")
      }
      return .column(
        Column(name: "", strings: (0..<n).map { cond.isValid($0) ? (cond.values[$0] ? a[$0] : b[$0]) : nil }))
    }
    guard let a = numericVector(args[1], count: n), let b = numericVector(args[2], count: n) else {
      throw ctx.error("both branches must be numbers, text or bools")
    }
    var out = [Double](repeating: 0, count: n)
    var valid = [Bool](repeating: true, count: n)
    for i in 0..<n {
      guard cond.isValid(i) else {
        valid[i] = false
        continue
      }
      let src = cond.values[i] ? a : b
      out[i] = src.values[i]
      valid[i] = src.isValid(i)
    }
    let bools = [args[1], args[2]].allSatisfy {
      if case .column(let c) = $0 { return c.type == .bool }
      return $0.isBool || $0.isMissing
    }
    if bools { return .column(Column(name: "", storage: .bool(out.map { $0 != 0 }), valid: valid)) }
    return .column(numericColumn(out, valid: valid, preferInt: a.isInt && b.isInt))
  }

  static func convertNumber(_ v: Value, _ ctx: FunctionContext, toInt: Bool) throws -> Value {
    func conv(_ d: Double) -> Double { toInt ? d.rounded(.towardZero) : d }
    switch v {
    case .missing: return .missing
    case .int(let i): return toInt ? .int(i) : .number(Double(i))
    case .number(let d): return toInt ? (Int(exactly: conv(d)).map { .int($0) } ?? .missing) : .number(d)
    case .bool(let b): return toInt ? .int(b ? 1 : 0) : .number(b ? 1 : 0)
    case .string(let s):
      guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else { return .missing }
      return toInt ? (Int(exactly: conv(d)).map { .int($0) } ?? .missing) : .number(d)
    case .column(let c):
      var out = [Double](repeating: 0, count: c.count)
      var valid = [Bool](repeating: true, count: c.count)
      if case .string(let codes, let levels) = c.storage {
        let parsed = levels.map { Double($0.trimmingCharacters(in: .whitespaces)) }
        for i in 0..<c.count {
          if c.isMissing(i) {
            valid[i] = false
            continue
          }
          if let d = parsed[Int(codes[i])] { out[i] = conv(d) } else { valid[i] = false }
        }
      } else if let nv = numericVector(v, count: c.count) {
        out = nv.values.map(conv)
        valid = (0..<c.count).map { nv.isValid($0) }
      }
      return .column(numericColumn(out, valid: valid, preferInt: toInt))
    default:
      throw ctx.error("cannot convert \(describeOperand(v)) to a number", argument: 0)
    }
  }
}
