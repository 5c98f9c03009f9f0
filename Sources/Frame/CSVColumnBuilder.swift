/// Recognizes missing fields: empty, whitespace-only, or equal (after trimming) to a missing token.
struct MissingTokens: Sendable {
  private let tokens: [[UInt8]]
  /// Bit k set when some token has length k (k < 64): a cheap first filter.
  private let lengthMask: UInt64
  /// Bit b set when some token starts with byte b (b < 128; other first bytes are checked fully).
  private let firstLow: UInt64, firstHigh: UInt64

  init(_ strings: [String]) {
    let trimmed = strings.map { Array($0.utf8) }.map { t -> [UInt8] in
      var s = t[...]
      while let f = s.first, f == 32 || f == 9 { s = s.dropFirst() }
      while let l = s.last, l == 32 || l == 9 { s = s.dropLast() }
      return Array(s)
    }.filter { !$0.isEmpty }
    tokens = trimmed
    var lm: UInt64 = 0, lo: UInt64 = 0, hi: UInt64 = 0
    for t in trimmed {
      lm |= t.count < 64 ? (1 << UInt64(t.count)) : 0
      let b = t[0]
      if b < 64 {
        lo |= 1 << UInt64(b)
      } else if b < 128 {
        hi |= 1 << UInt64(b - 64)
      } else {
        lo = ~0
        hi = ~0
      }
    }
    lengthMask = lm
    firstLow = lo
    firstHigh = hi
  }

  /// Whether the trimmed, non-empty field `p[s..<e]` is a missing token.
  @inline(__always)
  func matches(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
    let n = e - s
    if n < 64 && lengthMask & (1 << UInt64(n)) == 0 { return false }
    let b = p[s]
    if b < 64 {
      if firstLow & (1 << UInt64(b)) == 0 { return false }
    } else if b < 128 {
      if firstHigh & (1 << UInt64(b - 64)) == 0 { return false }
    }
    for t in tokens where t.count == n {
      let same = t.withUnsafeBufferPointer { tb in tb.baseAddress.map { memoryEqual($0, p + s, n) } ?? false }
      if same { return true }
    }
    return false
  }
}

/// A validity mask that is only materialized once the first missing value appears.
struct MaskBuilder {
  var valid: [Bool]? = nil

  /// Records a present value.
  @inline(__always)
  mutating func present() { valid?.append(true) }

  /// Records a missing value at row `row` (the number of rows recorded so far).
  @inline(__always)
  mutating func absent(at row: Int, reserve: Int) {
    if valid == nil {
      var v = [Bool](repeating: true, count: row)
      v.reserveCapacity(max(reserve, row + 1))
      valid = v
    }
    valid?.append(false)
  }
}

/// Raw pointer wrapper for handing a block's bytes to parallel workers.
struct SendableBytes: @unchecked Sendable {
  let base: UnsafePointer<UInt8>
}

/// Builds one column while a CSV is read block by block, inferring its type on the fly.
///
/// Inference: the first non-missing value picks int, float, bool or text; an int column that meets a
/// decimal becomes float (ints converted exactly up to 2^53). A numeric or bool column that meets
/// anything else is marked ``needsText`` and stops; the reader then reads the file again with that
/// column fixed to text, so text keeps its exact bytes. A column with a fixed type reports values it
/// cannot read as errors. Each builder is used by one thread at a time.
final class CSVColumnBuilder: @unchecked Sendable {
  enum Kind { case undetermined, int, float, bool, string }

  let name: String
  let forced: ColumnType?
  let missing: MissingTokens
  private(set) var kind: Kind
  private var ints: [Int] = []
  private var floats: [Double] = []
  private var bools: [Bool] = []
  private var codes: [Int32] = []
  private var levels = LevelTable()
  private var mask = MaskBuilder()
  private var count = 0
  private var scratch: [UInt8] = []
  /// Set when inference failed (a numeric column met text); the column must be re-read as text.
  private(set) var needsText = false
  /// The first error met (line number, message).
  private(set) var error: (line: Int, message: String)? = nil
  /// Set on the second read of a column that inference had to turn into text: the builder then counts
  /// which values read as numbers and which did not, for ``strayTextWarning()``.
  let auditNumbers: Bool
  private var numberCount = 0
  private var strayCount = 0
  private var strays: [(line: Int, text: String)] = []

  init(name: String, forced: ColumnType?, missing: MissingTokens, auditNumbers: Bool = false) {
    self.name = name
    self.forced = forced
    self.missing = missing
    self.auditNumbers = auditNumbers
    switch forced {
    case .int: kind = .int
    case .float: kind = .float
    case .bool: kind = .bool
    case .string: kind = .string
    case nil: kind = .undetermined
    }
  }

  /// Whether this builder still takes values.
  var active: Bool { error == nil && !needsText }

  /// Reserves room for about `rows` values.
  func reserve(_ rows: Int) {
    switch kind {
    case .int: ints.reserveCapacity(rows)
    case .float: floats.reserveCapacity(rows)
    case .bool: bools.reserveCapacity(rows)
    case .string:
      codes.reserveCapacity(rows)
      // Mostly distinct values so far (an ID column): size the level table for all rows now.
      if count > 0 && levels.count * 2 > count {
        let share = Double(levels.count) / Double(count)
        levels.reserve(
          levels: Int(Double(rows) * share), bytes: Int(Double(rows) * share * Double(levels.averageBytes)) + 64)
      }
    case .undetermined: break
    }
    mask.valid?.reserveCapacity(rows)
    reserved = rows
  }

  private var reserved = 0

  // MARK: Appending

  /// Consumes this column's fields of the rows in `spans` (column `col`, bytes at `bytes`).
  func consume(_ bytes: UnsafePointer<UInt8>, _ spans: FieldSpans, col: Int) {
    var r = 0
    let rows = spans.rows
    while r < rows && active {
      switch kind {
      case .undetermined: r = consumeUndetermined(bytes, spans, col: col, from: r)
      case .int: r = consumeInts(bytes, spans, col: col, from: r)
      case .float: r = consumeFloats(bytes, spans, col: col, from: r)
      case .bool: r = consumeBools(bytes, spans, col: col, from: r)
      case .string: r = consumeStrings(bytes, spans, col: col, from: r)
      }
    }
  }

  /// A field's span: (start, end, flags).
  @inline(__always)
  private static func span(_ spans: FieldSpans, _ r: Int, _ col: Int) -> (Int, Int, UInt32) {
    let k = r * spans.width + col
    let e = spans.ends[k]
    return (Int(spans.starts[k]), Int(e & FieldSpans.offsetMask), e & ~FieldSpans.offsetMask)
  }

  /// The trimmed bounds of a field, or nil when the field is missing.
  @inline(__always)
  private func trimmedValue(_ p: UnsafePointer<UInt8>, _ s0: Int, _ e0: Int, _ flags: UInt32) -> (Int, Int)? {
    var s = s0, e = e0
    if flags & FieldSpans.quotedFlag != 0 {
      if s == e { return nil }
      while s < e && (p[s] == 32 || p[s] == 9) { s += 1 }
      while e > s && (p[e - 1] == 32 || p[e - 1] == 9) { e -= 1 }
      return (s, e)
    }
    while s < e && (p[s] == 32 || p[s] == 9) { s += 1 }
    while e > s && (p[e - 1] == 32 || p[e - 1] == 9) { e -= 1 }
    if s == e || missing.matches(p, s, e) { return nil }
    return (s, e)
  }

  private func fail(_ line: Int, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, as type: String) {
    let text = String(decoding: UnsafeBufferPointer(start: p + s, count: min(e - s, 40)), as: UTF8.self)
    error = (line, "line \(line): column '\(name)': cannot read '\(text)' as \(type)")
  }

  private func consumeUndetermined(_ p: UnsafePointer<UInt8>, _ spans: FieldSpans, col: Int, from r0: Int) -> Int {
    var r = r0
    while r < spans.rows {
      let (s0, e0, flags) = CSVColumnBuilder.span(spans, r, col)
      guard let (s, e) = trimmedValue(p, s0, e0, flags) else {
        mask.absent(at: count, reserve: reserved)
        count += 1
        r += 1
        continue
      }
      let n = e - s
      if ByteParse.int(p + s, n) != nil {
        kind = .int
        ints = [Int](repeating: 0, count: count)
      } else if ByteParse.double(p + s, n) != nil {
        kind = .float
        floats = [Double](repeating: .nan, count: count)
      } else if ByteParse.bool(p + s, n) != nil {
        kind = .bool
        bools = [Bool](repeating: false, count: count)
      } else {
        kind = .string
        codes = [Int32](repeating: 0, count: count)
      }
      return r
    }
    return r
  }

  private func consumeInts(_ p: UnsafePointer<UInt8>, _ spans: FieldSpans, col: Int, from r0: Int) -> Int {
    var values = ints, m = mask, n = count
    ints = []
    mask = MaskBuilder()
    defer {
      ints = values
      mask = m
      count = n
    }
    var r = r0
    let rows = spans.rows
    while r < rows {
      let (s0, e0, flags) = CSVColumnBuilder.span(spans, r, col)
      if let (s, e) = trimmedValue(p, s0, e0, flags) {
        if let v = ByteParse.int(p + s, e - s) {
          values.append(v)
          m.present()
        } else if forced == nil, ByteParse.double(p + s, e - s) != nil {
          floats = values.map { Double($0) }
          floats.reserveCapacity(values.capacity)
          values = []
          kind = .float
          return r
        } else {
          if forced == nil { needsText = true } else { fail(spans.lines[r], p, s, e, as: "int") }
          return rows
        }
      } else {
        values.append(0)
        m.absent(at: n, reserve: reserved)
      }
      n += 1
      r += 1
    }
    return r
  }

  private func consumeFloats(_ p: UnsafePointer<UInt8>, _ spans: FieldSpans, col: Int, from r0: Int) -> Int {
    var values = floats, m = mask, n = count
    floats = []
    mask = MaskBuilder()
    defer {
      floats = values
      mask = m
      count = n
    }
    var r = r0
    let rows = spans.rows
    while r < rows {
      let (s0, e0, flags) = CSVColumnBuilder.span(spans, r, col)
      if let (s, e) = trimmedValue(p, s0, e0, flags) {
        if let v = ByteParse.double(p + s, e - s) {
          values.append(v)
          if v.isNaN { m.absent(at: n, reserve: reserved) } else { m.present() }
        } else {
          if forced == nil { needsText = true } else { fail(spans.lines[r], p, s, e, as: "float") }
          return rows
        }
      } else {
        values.append(.nan)
        m.absent(at: n, reserve: reserved)
      }
      n += 1
      r += 1
    }
    return r
  }

  private func consumeBools(_ p: UnsafePointer<UInt8>, _ spans: FieldSpans, col: Int, from r0: Int) -> Int {
    var values = bools, m = mask, n = count
    bools = []
    mask = MaskBuilder()
    defer {
      bools = values
      mask = m
      count = n
    }
    var r = r0
    let rows = spans.rows
    while r < rows {
      let (s0, e0, flags) = CSVColumnBuilder.span(spans, r, col)
      if let (s, e) = trimmedValue(p, s0, e0, flags) {
        var v = ByteParse.bool(p + s, e - s)
        if v == nil && forced == .bool && e - s == 1 {
          if p[s] == UInt8(ascii: "1") { v = true } else if p[s] == UInt8(ascii: "0") { v = false }
        }
        if let v {
          values.append(v)
          m.present()
        } else {
          if forced == nil { needsText = true } else { fail(spans.lines[r], p, s, e, as: "bool") }
          return rows
        }
      } else {
        values.append(false)
        m.absent(at: n, reserve: reserved)
      }
      n += 1
      r += 1
    }
    return r
  }

  private func consumeStrings(_ p: UnsafePointer<UInt8>, _ spans: FieldSpans, col: Int, from r0: Int) -> Int {
    var table = levels
    levels = LevelTable()
    var out = codes, m = mask, n = count
    codes = []
    mask = MaskBuilder()
    defer {
      levels = table
      codes = out
      mask = m
      count = n
    }
    let rows = spans.rows
    let batch = 32
    var hashes = [UInt64](repeating: 0, count: batch)
    var sink: UInt64 = 0
    var r = r0
    while r < rows {
      let end = Swift.min(r + batch, rows)
      let prefetch = table.isLarge
      if prefetch {
        // Hash the batch and touch each home slot first: independent loads that overlap their
        // cache misses, instead of one miss at a time inside the lookups below.
        for j in r..<end {
          let (s0, e0, flags) = CSVColumnBuilder.span(spans, j, col)
          if flags & FieldSpans.escapedFlag == 0 {
            let h = LevelTable.hash(p + s0, e0 - s0)
            hashes[j - r] = h
            sink &+= table.peek(h)
          }
        }
      }
      for j in r..<end {
        let (s0, e0, flags) = CSVColumnBuilder.span(spans, j, col)
        guard let (vs, ve) = trimmedValue(p, s0, e0, flags) else {
          out.append(0)
          m.absent(at: n, reserve: reserved)
          n += 1
          continue
        }
        if auditNumbers { audit(p, vs, ve, line: spans.lines[j]) }
        let code: Int32?
        if flags & FieldSpans.escapedFlag != 0 {
          unescape(p, s0, e0)
          code = scratch.withUnsafeBufferPointer { b in
            b.baseAddress.flatMap { table.code($0, b.count) } ?? table.code(p + s0, 0)
          }
        } else if prefetch {
          code = table.code(p + s0, e0 - s0, hash: hashes[j - r])
        } else {
          code = table.code(p + s0, e0 - s0)
        }
        guard let code else {
          error = (
            spans.lines[j],
            "line \(spans.lines[j]): column '\(name)' holds bytes that are not valid UTF-8"
              + " (save the file as UTF-8)"
          )
          return rows
        }
        out.append(code)
        m.present()
        n += 1
      }
      r = end
    }
    prefetchSink = sink
    return r
  }

  /// Counts a value of an audited column as a number or as stray text (keeping the first few distinct ones).
  private func audit(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, line: Int) {
    if ByteParse.int(p + s, e - s) != nil || ByteParse.double(p + s, e - s) != nil {
      numberCount += 1
      return
    }
    strayCount += 1
    guard strays.count < 5 else { return }
    let text = String(decoding: UnsafeBufferPointer(start: p + s, count: min(e - s, 40)), as: UTF8.self)
    if !strays.contains(where: { $0.text == text }) { strays.append((line, text)) }
  }

  /// For an audited column that is mostly numbers: which values made it text (first few, with their lines),
  /// and how to read them as missing instead. Nil when the column is mostly text (then text is right).
  func strayTextWarning() -> String? {
    guard auditNumbers, strayCount > 0, numberCount >= strayCount else { return nil }
    let shown = strays.map { "'\($0.text)' (line \($0.line))" }.joined(separator: ", ")
    let more = strayCount > strays.count ? " …" : ""
    let tokens = strays.map { "\"\($0.text)\"" }.joined(separator: ", ")
    let them = strayCount == 1 ? "it" : "them"
    return "column '\(name)' was read as text because \(strayCount) of its \(strayCount + numberCount) values "
      + "\(strayCount == 1 ? "is" : "are") not numbers: \(shown)\(more); to read \(them) as missing, add \(them) "
      + "to the missing spellings (na: [\(tokens)]), or fix the file"
  }

  /// Keeps the prefetch reads observable so the optimizer does not remove them.
  private var prefetchSink: UInt64 = 0

  /// Copies `p[s..<e]` into `scratch`, turning each doubled quote into one.
  private func unescape(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {
    scratch.removeAll(keepingCapacity: true)
    var i = s
    while i < e {
      let c = p[i]
      scratch.append(c)
      i += (c == CSVTokenizer.quote && i + 1 < e && p[i + 1] == CSVTokenizer.quote) ? 2 : 1
    }
  }

  // MARK: Finishing

  /// The finished column. An all-missing column with rows becomes float; with no rows, text.
  func finish() -> Column {
    let mask = self.mask.valid
    switch kind {
    case .int: return Column(name: name, storage: .int(ints), valid: mask)
    case .float: return Column(name: name, storage: .float(floats), valid: mask)
    case .bool: return Column(name: name, storage: .bool(bools), valid: mask)
    case .string:
      return Column(name: name, storage: .string(codes: codes, levels: levels.finish()), valid: mask)
    case .undetermined:
      if count == 0 { return Column(name: name, storage: .string(codes: [], levels: []), valid: nil) }
      return Column(name: name, storage: .float([Double](repeating: .nan, count: count)), valid: mask)
    }
  }
}
