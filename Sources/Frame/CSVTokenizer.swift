#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The field spans of a run of complete CSV rows inside one byte block (row-major, `width` per row).
///
/// `ends[k]` carries two flags in its top bits: ``quotedFlag`` (the field was quoted; the span
/// excludes the quotes) and ``escapedFlag`` (the field contains doubled quotes to unescape).
/// Manually allocated so hot loops work on raw pointers; reused from block to block.
final class FieldSpans: @unchecked Sendable {
  static let quotedFlag: UInt32 = 1 << 30
  static let escapedFlag: UInt32 = 1 << 31
  static let offsetMask: UInt32 = (1 << 30) - 1

  let width: Int
  private(set) var starts: UnsafeMutablePointer<UInt32>
  private(set) var ends: UnsafeMutablePointer<UInt32>
  /// Physical line number (1-based) where each row starts, for error messages.
  private(set) var lines: UnsafeMutablePointer<Int>
  private(set) var capacity: Int
  var rows = 0

  init(width: Int, capacity: Int) {
    self.width = max(width, 1)
    self.capacity = max(capacity, 16)
    starts = .allocate(capacity: self.capacity * self.width)
    ends = .allocate(capacity: self.capacity * self.width)
    lines = .allocate(capacity: self.capacity)
  }

  deinit {
    starts.deallocate()
    ends.deallocate()
    lines.deallocate()
  }

  /// Doubles the row capacity, keeping the rows already stored.
  func grow() {
    let newCapacity = capacity * 2
    let s = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity * width)
    let e = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity * width)
    let l = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
    s.update(from: starts, count: rows * width)
    e.update(from: ends, count: rows * width)
    l.update(from: lines, count: rows)
    starts.deallocate()
    ends.deallocate()
    lines.deallocate()
    starts = s
    ends = e
    lines = l
    capacity = newCapacity
  }
}

/// The outcome of scanning one row.
struct RowScan {
  enum Status { case complete, incomplete, unterminatedQuote, junkAfterQuote }
  var status: Status
  /// Position just after the row's terminator.
  var next: Int
  /// Number of fields seen (may exceed the storage capacity).
  var fields: Int
  /// Line breaks consumed (inside quoted fields plus the terminator).
  var lines: Int
}

/// Splits CSV bytes into rows and fields (RFC 4180), without copying or creating strings.
///
/// Rows end at LF, CRLF or CR outside quotes; blank lines are skipped. A field starting with `"`
/// runs to the matching unescaped quote (`""` is an escaped quote) and may hold delimiters and line
/// breaks; spaces after the closing quote are ignored, anything else there is an error. A quote in
/// the middle of an unquoted field is kept as text.
struct CSVTokenizer {
  static let quote = UInt8(ascii: "\"")
  static let lf: UInt8 = 10
  static let cr: UInt8 = 13

  static let ones: UInt64 = 0x0101_0101_0101_0101
  static let highs: UInt64 = 0x8080_8080_8080_8080
  static let lfWord: UInt64 = ones &* 10
  static let crWord: UInt64 = ones &* 13

  let delimiter: UInt8
  /// The delimiter repeated in every byte of a word (for the eight-bytes-at-a-time scan).
  let delimWord: UInt64
  /// Physical line number (1-based) of the next row to scan.
  var line = 1

  init(delimiter: UInt8) {
    self.delimiter = delimiter
    delimWord = CSVTokenizer.ones &* UInt64(delimiter)
  }

  /// Scans one row starting at `start`, storing at most `cap` field spans into `starts`/`ends`.
  /// `final` says no bytes follow `n`; otherwise a row touching the end is reported incomplete.
  @inline(__always)
  func scanRow(
    _ p: UnsafePointer<UInt8>, _ n: Int, from start: Int, final: Bool,
    starts: UnsafeMutablePointer<UInt32>, ends: UnsafeMutablePointer<UInt32>,
    cap: Int
  ) -> RowScan {
    let delim = delimiter, quote = CSVTokenizer.quote, lf = CSVTokenizer.lf, cr = CSVTokenizer.cr
    var i = start
    var fields = 0
    var lines = 0
    while true {
      var fs = i, fe = i
      var flags: UInt32 = 0
      if i < n && p[i] == quote {
        flags = FieldSpans.quotedFlag
        let openLines = lines
        i += 1
        fs = i
        while true {
          while i < n {
            let c = p[i]
            if c == quote { break }
            if c == lf { lines += 1 } else if c == cr && i + 1 < n && p[i + 1] != lf { lines += 1 }
            i += 1
          }
          if i >= n {
            return RowScan(
              status: final ? .unterminatedQuote : .incomplete, next: i, fields: fields,
              lines: openLines)
          }
          if i + 1 < n && p[i + 1] == quote {
            flags |= FieldSpans.escapedFlag
            i += 2
            continue
          }
          if i + 1 >= n && !final { return RowScan(status: .incomplete, next: i, fields: fields, lines: lines) }
          fe = i
          i += 1
          break
        }
        while i < n && (p[i] == 32 || p[i] == 9) && p[i] != delim { i += 1 }
        if i < n {
          let c = p[i]
          if c != delim && c != lf && c != cr {
            return RowScan(status: .junkAfterQuote, next: i, fields: fields, lines: lines)
          }
        }
      } else {
        // Eight bytes at a time: flag bytes equal to the delimiter, LF or CR (SWAR zero-byte test;
        // the lowest flagged byte is exact), then finish byte by byte.
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
          let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
          let a = w ^ delimWord, b = w ^ CSVTokenizer.lfWord, c = w ^ CSVTokenizer.crWord
          let ones = CSVTokenizer.ones
          let z = ((a &- ones) & ~a | (b &- ones) & ~b | (c &- ones) & ~c) & CSVTokenizer.highs
          if z != 0 {
            i += z.trailingZeroBitCount >> 3
            break
          }
          i += 8
        }
        while i < n {
          let c = p[i]
          if c == delim || c == lf || c == cr { break }
          i += 1
        }
        fe = i
      }
      if fields < cap {
        starts[fields] = UInt32(truncatingIfNeeded: fs)
        ends[fields] = UInt32(truncatingIfNeeded: fe) | flags
      }
      fields += 1
      if i >= n {
        if !final { return RowScan(status: .incomplete, next: i, fields: fields, lines: lines) }
        return RowScan(status: .complete, next: i, fields: fields, lines: lines + 1)
      }
      let c = p[i]
      if c == delim {
        i += 1
        continue
      }
      if c == cr {
        if i + 1 < n {
          i += p[i + 1] == lf ? 2 : 1
        } else if final {
          i += 1
        } else {
          return RowScan(status: .incomplete, next: i, fields: fields, lines: lines)
        }
      } else {
        i += 1
      }
      return RowScan(status: .complete, next: i, fields: fields, lines: lines + 1)
    }
  }

  /// Skips blank lines at `i`; returns the new position, or nil if more bytes are needed to decide.
  @inline(__always)
  mutating func skipBlankLines(_ p: UnsafePointer<UInt8>, _ n: Int, from start: Int, final: Bool) -> Int? {
    var i = start
    while i < n {
      let c = p[i]
      if c == CSVTokenizer.lf {
        i += 1
      } else if c == CSVTokenizer.cr {
        if i + 1 < n {
          i += p[i + 1] == CSVTokenizer.lf ? 2 : 1
        } else if final {
          i += 1
        } else {
          return nil
        }
      } else {
        break
      }
      line += 1
    }
    return i
  }

  /// Scans all complete rows of `p[0..<n]` into `spans` (offsets relative to `p`), checking that each
  /// has `spans.width` fields. Returns the number of bytes consumed (whole rows only). Throws
  /// `FrameError.csv` naming the line for ragged rows, unterminated quotes and stray characters.
  mutating func scanBlock(_ p: UnsafePointer<UInt8>, _ n: Int, final: Bool, into spans: FieldSpans) throws -> Int {
    spans.rows = 0
    let width = spans.width
    var i = 0
    while true {
      guard let j = skipBlankLines(p, n, from: i, final: final) else { return i }
      i = j
      if i >= n { return i }
      if spans.rows == spans.capacity { spans.grow() }
      let row = spans.rows
      let r = scanRow(
        p, n, from: i, final: final, starts: spans.starts + row * width,
        ends: spans.ends + row * width, cap: width)
      switch r.status {
      case .incomplete:
        return i
      case .unterminatedQuote:
        throw FrameError.csv("line \(line + r.lines): unterminated quoted field (a quote opened here is never closed)")
      case .junkAfterQuote:
        throw FrameError.csv(
          "line \(line + r.lines): unexpected character after a closing quote"
            + " (a quote inside a quoted field must be doubled: \"\")")
      case .complete:
        if r.fields != width {
          throw FrameError.csv("line \(line): expected \(width) fields, found \(r.fields)")
        }
        spans.lines[row] = line
        spans.rows = row + 1
        line += r.lines
        i = r.next
      }
    }
  }

  /// Scans the first row of `p[0..<n]` (the header, or the first data row) without a width limit.
  /// Returns the field spans and the position after the row, or nil if more bytes are needed.
  mutating func scanFirstRow(_ p: UnsafePointer<UInt8>, _ n: Int, final: Bool) throws
    -> (spans: [(start: Int, end: Int, flags: UInt32)], next: Int)?
  {
    guard let i = skipBlankLines(p, n, from: 0, final: final) else { return nil }
    if i >= n { return final ? ([], i) : nil }
    var dummyS: UInt32 = 0, dummyE: UInt32 = 0
    let counted = scanRow(p, n, from: i, final: final, starts: &dummyS, ends: &dummyE, cap: 0)
    switch counted.status {
    case .incomplete: return nil
    case .unterminatedQuote:
      throw FrameError.csv(
        "line \(line + counted.lines): unterminated quoted field (a quote opened here is never closed)")
    case .junkAfterQuote:
      throw FrameError.csv(
        "line \(line + counted.lines): unexpected character after a closing quote"
          + " (a quote inside a quoted field must be doubled: \"\")")
    case .complete: break
    }
    let count = max(counted.fields, 1)
    let s = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
    let e = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
    defer {
      s.deallocate()
      e.deallocate()
    }
    let r = scanRow(p, n, from: i, final: final, starts: s, ends: e, cap: counted.fields)
    line += r.lines
    let out = (0..<counted.fields).map { k in
      (start: Int(s[k]), end: Int(e[k] & FieldSpans.offsetMask), flags: e[k] & ~FieldSpans.offsetMask)
    }
    return (out, r.next)
  }
}
