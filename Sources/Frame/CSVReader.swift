import Stats

/// Reads a CSV file into a data frame.
///
/// RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks; LF, CRLF and CR line
/// ends; a UTF-8 byte-order mark is skipped; blank lines are skipped. Column types are inferred (see
/// ``CSVOptions``). The file is read in blocks through a fixed buffer, and each block's columns are
/// parsed in parallel, so memory stays close to the size of the finished frame.
///
/// Errors are `FrameError.csv` messages that start with the path and name the line: a missing file,
/// an empty file, ragged rows ("line 12: expected 21 fields, found 20"), an unterminated quote (the line
/// where it opened), bytes that are not UTF-8, duplicate column names. A header without rows gives a
/// frame with zero rows and text columns.
public func readCSV(path: String, options: CSVOptions = CSVOptions()) throws -> DataFrame {
  try readCSVWithWarnings(path: path, options: options).frame
}

/// ``readCSV(path:options:)`` with the warnings a reader should see: each mostly numeric column that a few
/// stray values turned into text, naming the first few values and their lines (see ``CSVReadResult``).
public func readCSVWithWarnings(path: String, options: CSVOptions = CSVOptions()) throws -> CSVReadResult {
  do {
    return try CSVReader(options: options).read { try FileByteSource(path: path, blockSize: CSVReader.blockSize) }
  } catch let FrameError.csv(message) where !message.hasPrefix("cannot ") {
    throw FrameError.csv("\(path): \(message)")
  }
}

/// A frame read from CSV and what the reader noticed on the way.
public struct CSVReadResult: Sendable {
  /// The frame.
  public var frame: DataFrame
  /// Problems worth a warning (a numeric column made text by a few stray values), in column order.
  public var warnings: [String]
}

/// Reads CSV text held in memory (same rules as ``readCSV(path:options:)``).
public func readCSV(bytes: [UInt8], options: CSVOptions = CSVOptions()) throws -> DataFrame {
  try readCSVWithWarnings(bytes: bytes, options: options).frame
}

/// ``readCSV(bytes:options:)`` with the reader's warnings (see ``readCSVWithWarnings(path:options:)``).
public func readCSVWithWarnings(bytes: [UInt8], options: CSVOptions = CSVOptions()) throws -> CSVReadResult {
  try bytes.withUnsafeBufferPointer { buf in
    guard let base = buf.baseAddress, buf.count > 0 else { throw FrameError.csv("file is empty") }
    return try CSVReader(options: options).read {
      MemoryByteSource(base: base, count: buf.count, blockSize: CSVReader.blockSize)
    }
  }
}

/// Reads CSV text given as a string (convenience for tests and small inline tables).
public func readCSV(string: String, options: CSVOptions = CSVOptions()) throws -> DataFrame {
  try readCSV(bytes: Array(string.utf8), options: options)
}

/// Drives tokenizing and column building over a byte source.
struct CSVReader {
  /// Bytes per block: small enough that a block and its field spans stay in cache.
  static let blockSize = 1 << 19
  /// Below this many fields a block is parsed on one thread (dispatch would cost more than it saves).
  static let parallelThreshold = 16_384

  let options: CSVOptions

  /// Reads the input; if type inference had to give up on some columns (a number column that
  /// turned out to hold text), reads it once more with those columns fixed to text.
  func read<S: CSVByteSource>(_ makeSource: () throws -> S) throws -> CSVReadResult {
    let first = try readOnce(makeSource, forcedText: [])
    switch first {
    case .done(let frame, let warnings): return CSVReadResult(frame: frame, warnings: warnings)
    case .retryAsText(let names):
      switch try readOnce(makeSource, forcedText: names) {
      case .done(let frame, let warnings): return CSVReadResult(frame: frame, warnings: warnings)
      case .retryAsText(let again):
        throw FrameError.csv("could not infer the types of columns \(again.joined(separator: ", "))")
      }
    }
  }

  enum Outcome {
    case done(DataFrame, warnings: [String])
    case retryAsText(Set<String>)
  }

  private func readOnce<S: CSVByteSource>(_ makeSource: () throws -> S, forcedText: Set<String>) throws -> Outcome {
    var source = try makeSource()
    try source.extend()
    var tokenizer = CSVTokenizer(delimiter: options.delimiter)
    try skipByteOrderMark(&source)

    // Header (or the first row, to learn the width).
    var headerFields: [(start: Int, end: Int, flags: UInt32)] = []
    var names: [String] = []
    while true {
      let w = source.window
      if let (fields, next) = try tokenizer.scanFirstRow(w.base, w.count, final: w.atEnd) {
        if fields.isEmpty { throw FrameError.csv("file is empty") }
        headerFields = fields
        names = try columnNames(w.base, fields, line: tokenizer.line - 1)
        if options.hasHeader {
          source.consume(next)
        } else {
          tokenizer.line = 1
        }
        break
      }
      if w.atEnd { throw FrameError.csv("file is empty") }
      try source.extend()
    }
    let width = headerFields.count
    for key in options.columnTypes.keys.sorted() where !names.contains(key) {
      throw FrameError.unknownColumn(key, suggestion: closestMatch(to: key, among: names))
    }

    let missing = MissingTokens(options.missingTokens)
    let builders = names.map { name in
      CSVColumnBuilder(
        name: name, forced: forcedText.contains(name) ? .string : options.columnTypes[name],
        missing: missing, auditNumbers: forcedText.contains(name))
    }
    // Pipeline: while the columns of block k are parsed, block k+1 is tokenized on the other core.
    // The source keeps the previous window's bytes valid until the next `extend`.
    let tok = TokenizerBox(tokenizer)
    var current = FieldSpans(width: width, capacity: 4096)
    var upcoming = FieldSpans(width: width, capacity: 4096)
    var window = source.window
    var consumed = try tokenizeGrowing(&source, tok, into: current, window: &window)
    var reservedFor = 0
    var rowsSoFar = 0
    var bytesSoFar = 0

    while true {
      rowsSoFar += current.rows
      bytesSoFar += consumed
      source.consume(consumed)
      if window.atEnd {
        guard consumed == window.count else {
          throw FrameError.csv("line \(tok.tokenizer.line): could not parse the last row")
        }
        _ = try parse(block: window.base, spans: current, builders: builders, thenTokenize: nil)
        break
      }
      try source.extend()
      let next = source.window
      let nextConsumed =
        try parse(
          block: window.base, spans: current, builders: builders,
          thenTokenize: (next, tok, upcoming)) ?? 0
      // Once the first rows are parsed (types known), reserve every column for the whole file.
      if reservedFor == 0, rowsSoFar > 0, let total = source.totalBytes, bytesSoFar > 0 {
        let estimate = Int(Double(total) / Double(bytesSoFar) * Double(rowsSoFar) * 1.05) + 16
        reservedFor = min(estimate, total / max(width, 1) + 16)
        for b in builders { b.reserve(reservedFor) }
      }
      swap(&current, &upcoming)
      window = next
      consumed = nextConsumed
      if current.rows == 0 && !window.atEnd {
        consumed = try tokenizeGrowing(&source, tok, into: current, window: &window)
      }
    }

    let retry = Set(builders.filter(\.needsText).map(\.name))
    if !retry.isEmpty { return .retryAsText(retry) }
    return .done(
      DataFrame.unchecked(columns: builders.map { $0.finish() }, rowCount: rowsSoFar),
      warnings: builders.compactMap { $0.strayTextWarning() })
  }

  /// Skips a UTF-8 byte-order mark at the very start.
  private func skipByteOrderMark<S: CSVByteSource>(_ source: inout S) throws {
    var w = source.window
    while w.count < 3 && !w.atEnd {
      try source.extend()
      w = source.window
    }
    if w.count >= 3 && w.base[0] == 0xEF && w.base[1] == 0xBB && w.base[2] == 0xBF { source.consume(3) }
  }

  /// Column names from the header fields (or `column_1` … without a header); checks UTF-8 and
  /// uniqueness. Empty names become `column_<position>`.
  private func columnNames(
    _ p: UnsafePointer<UInt8>, _ fields: [(start: Int, end: Int, flags: UInt32)],
    line: Int
  ) throws -> [String] {
    guard options.hasHeader else { return (1...fields.count).map { "column_\($0)" } }
    var names: [String] = []
    for (k, f) in fields.enumerated() {
      var bytes = Array(UnsafeBufferPointer(start: p + f.start, count: f.end - f.start))
      if f.flags & FieldSpans.escapedFlag != 0 {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
          out.append(bytes[i])
          i += (bytes[i] == CSVTokenizer.quote && i + 1 < bytes.count && bytes[i + 1] == CSVTokenizer.quote) ? 2 : 1
        }
        bytes = out
      }
      guard let name = String(validating: bytes, as: UTF8.self) else {
        throw FrameError.csv(
          "line \(max(line, 1)): column name \(k + 1) holds bytes that are not valid UTF-8"
            + " (save the file as UTF-8)")
      }
      let trimmed = name.trimmingSpaces
      names.append(trimmed.isEmpty ? "column_\(k + 1)" : name)
    }
    var seen: [String: Int] = [:]
    var duplicates: [String] = []
    for n in names {
      seen[n, default: 0] += 1
      if seen[n] == 2 { duplicates.append(n) }
    }
    if !duplicates.isEmpty {
      let list = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      throw FrameError.csv(
        "line \(max(line, 1)): duplicate column names in the header: \(list)"
          + " (rename them so each column has a unique name)")
    }
    return names
  }

  /// Tokenizes the current window into `spans`, growing the window while it holds no complete row.
  /// Returns the bytes consumed and updates `window`.
  private func tokenizeGrowing<S: CSVByteSource>(
    _ source: inout S, _ tok: TokenizerBox, into spans: FieldSpans,
    window: inout (base: UnsafePointer<UInt8>, count: Int, atEnd: Bool)
  ) throws -> Int {
    while true {
      window = source.window
      let consumed = try tok.tokenizer.scanBlock(window.base, window.count, final: window.atEnd, into: spans)
      if spans.rows > 0 || window.atEnd { return consumed }
      try source.extend()
    }
  }

  /// Parses one block's fields into the column builders, in parallel across columns when it pays;
  /// meanwhile, if given, tokenizes the next window (returning its consumed byte count). Errors in
  /// this block come before errors in the next.
  private func parse(
    block base: UnsafePointer<UInt8>, spans: FieldSpans, builders: [CSVColumnBuilder],
    thenTokenize next: ((base: UnsafePointer<UInt8>, count: Int, atEnd: Bool), TokenizerBox, FieldSpans)?
  )
    throws -> Int?
  {
    let active = builders.indices.filter { builders[$0].active }
    let work = spans.rows * active.count
    var nextConsumed: Int? = nil
    if work >= CSVReader.parallelThreshold && (active.count > 1 || next != nil) {
      let bytes = SendableBytes(base: base)
      let nextBytes = next.map { SendableBytes(base: $0.0.base) }
      let nextCount = next?.0.count ?? 0, nextAtEnd = next?.0.atEnd ?? true
      let nextBox = next?.1, nextSpans = next?.2
      let offset = next == nil ? 0 : 1
      parallelFor(active.count + offset) { k in
        if k < offset, let nextBox, let nextSpans, let nextBytes {
          nextBox.scan(nextBytes.base, nextCount, final: nextAtEnd, into: nextSpans)
        } else {
          let c = active[k - offset]
          builders[c].consume(bytes.base, spans, col: c)
        }
      }
    } else {
      for c in active { builders[c].consume(base, spans, col: c) }
      if let next { next.1.scan(next.0.base, next.0.count, final: next.0.atEnd, into: next.2) }
    }
    let errors = builders.compactMap(\.error)
    if let first = errors.min(by: { $0.line < $1.line }) { throw FrameError.csv(first.message) }
    if let next {
      if let e = next.1.error { throw e }
      nextConsumed = next.1.consumed
    }
    return nextConsumed
  }
}

/// The tokenizer and the outcome of its last block scan, shared with the worker that runs it.
final class TokenizerBox: @unchecked Sendable {
  var tokenizer: CSVTokenizer
  var consumed = 0
  var error: Error? = nil

  init(_ tokenizer: CSVTokenizer) { self.tokenizer = tokenizer }

  /// Scans a block, recording the consumed byte count or the error.
  func scan(_ p: UnsafePointer<UInt8>, _ n: Int, final: Bool, into spans: FieldSpans) {
    do {
      consumed = try tokenizer.scanBlock(p, n, final: final, into: spans)
    } catch {
      self.error = error
      spans.rows = 0
    }
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}
