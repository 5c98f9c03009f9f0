import Frame

/// Errors from building or decoding feature references.
public enum FeatureReferenceError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A requested column is not in the frame.
  case unknownColumn(String, suggestion: String?)
  /// The bytes are not a valid feature-reference encoding.
  case malformed(String)
  /// The encoding was written by a newer format version.
  case unsupportedVersion(Int)

  public var description: String {
    switch self {
    case .unknownColumn(let name, let s):
      return "unknown column '\(name)'" + (s.map { " (did you mean '\($0)'?)" } ?? "")
    case .malformed(let why):
      return "malformed feature reference: \(why); re-create it from the training frame"
    case .unsupportedVersion(let v):
      return
        "feature reference format version \(v) is newer than this build reads (\(FeatureReference.formatVersion)); upgrade churn"
    }
  }
}

/// The training distribution of one feature, kept so that new data can be checked for drift
/// without the training frame (a saved policy stores one per covariate).
///
/// Numeric columns (float, int, bool as 0/1) keep a sorted sample of their non-missing values;
/// text columns keep their levels (sorted) with counts. Both keep the number of missing values.
public struct FeatureReference: Sendable, Equatable {
  /// The distribution summary of a feature.
  public enum Kind: Sendable, Equatable {
    /// Sorted non-missing values (all of them, or `maxSample` evenly spaced order statistics).
    case numeric(sorted: [Double])
    /// Levels sorted by `<`, with the count of each (same order).
    case categorical(levels: [String], counts: [Int])
  }

  /// The current binary format version.
  public static let formatVersion = 1
  /// The default cap on the stored numeric sample.
  public static let defaultMaxSample = 10_000

  /// The feature (column) name.
  public var name: String
  /// The distribution summary.
  public var kind: Kind
  /// Number of missing values in the reference data.
  public var missingCount: Int
  /// Number of non-missing values in the reference data (can exceed a numeric sample's size when the
  /// sample was thinned).
  public var observedCount: Int

  /// A reference from its parts.
  public init(name: String, kind: Kind, missingCount: Int, observedCount: Int? = nil) {
    self.name = name
    self.kind = kind
    self.missingCount = missingCount
    switch kind {
    case .numeric(let v): self.observedCount = observedCount ?? v.count
    case .categorical(_, let c): self.observedCount = observedCount ?? c.reduce(0, +)
    }
  }

  /// One reference per column of `frame` named in `columns` (in that order).
  ///
  /// A numeric column with more than `maxSample` non-missing values keeps `maxSample` evenly spaced
  /// order statistics (positions round(k·(m−1)/(maxSample−1))), a deterministic thinning that keeps
  /// the empirical CDF within 1/maxSample of the full one. Throws on an unknown column.
  public static func from(_ frame: DataFrame, columns: [String], maxSample: Int = defaultMaxSample) throws
    -> [FeatureReference]
  {
    try columns.map { name in
      guard let col = frame[name] else {
        throw FeatureReferenceError.unknownColumn(name, suggestion: frame.suggest(name))
      }
      return from(col, maxSample: maxSample)
    }
  }

  /// The reference of one column (see ``from(_:columns:maxSample:)``).
  public static func from(_ col: Column, maxSample: Int = defaultMaxSample) -> FeatureReference {
    let missing = col.missingCount
    if case .string(let codes, let levels) = col.storage {
      var counts = [Int](repeating: 0, count: levels.count)
      for i in 0..<codes.count where !col.isMissing(i) {
        let c = Int(codes[i])
        if c >= 0 && c < counts.count { counts[c] += 1 }
      }
      // Merge duplicate level strings (possible after verbs) and sort levels.
      var merged: [String: Int] = [:]
      for (l, c) in zip(levels, counts) where c > 0 { merged[l, default: 0] += c }
      let sortedLevels = merged.keys.sorted()
      return FeatureReference(
        name: col.name, kind: .categorical(levels: sortedLevels, counts: sortedLevels.map { merged[$0] ?? 0 }),
        missingCount: missing)
    }
    let values = (col.doubles() ?? []).filter { !$0.isNaN }.sorted()
    return FeatureReference(
      name: col.name, kind: .numeric(sorted: thin(values, to: maxSample)),
      missingCount: missing, observedCount: values.count)
  }

  /// Evenly spaced order statistics of a sorted array (the array itself when it is short enough).
  static func thin(_ sorted: [Double], to cap: Int) -> [Double] {
    let m = sorted.count
    guard cap >= 2, m > cap else { return sorted }
    return (0..<cap).map { k in
      let pos = (Double(k) * Double(m - 1) / Double(cap - 1)).rounded()
      return sorted[min(m - 1, max(0, Int(pos)))]
    }
  }

  /// Whether the feature is numeric.
  public var isNumeric: Bool { if case .numeric = kind { return true } else { return false } }

  // MARK: Binary encoding

  private static let magic: [UInt8] = Array("CHFR".utf8)

  /// Compact binary form: magic "CHFR", version, name, kind tag, missing and observed counts, then
  /// the sorted doubles (bit patterns) or the level names with counts. Little-endian throughout.
  public func encoded() -> [UInt8] {
    var w = ByteWriter()
    w.raw(Self.magic)
    w.u8(UInt8(Self.formatVersion))
    w.string(name)
    w.count(missingCount)
    w.count(observedCount)
    switch kind {
    case .numeric(let v):
      w.u8(0)
      w.count(v.count)
      for x in v { w.double(x) }
    case .categorical(let levels, let counts):
      w.u8(1)
      w.count(levels.count)
      for (l, c) in zip(levels, counts) {
        w.string(l)
        w.count(c)
      }
    }
    return w.bytes
  }

  /// Decodes ``encoded()`` output; throws (never traps) on truncated, corrupted or newer-format input,
  /// including trailing bytes, unsorted numeric samples and unsorted or duplicate levels.
  public init(decoding bytes: [UInt8]) throws {
    var r = ByteReader(bytes)
    try self.init(reading: &r)
    guard r.atEnd else { throw FeatureReferenceError.malformed("\(r.remaining) unexpected trailing bytes") }
  }

  init(reading r: inout ByteReader) throws {
    for m in Self.magic {
      guard try r.u8() == m else { throw FeatureReferenceError.malformed("not a feature reference (bad magic)") }
    }
    let version = Int(try r.u8())
    guard version <= Self.formatVersion else { throw FeatureReferenceError.unsupportedVersion(version) }
    guard version >= 1 else { throw FeatureReferenceError.malformed("version 0") }
    name = try r.string()
    missingCount = try r.count(minBytesEach: 0)
    observedCount = try r.count(minBytesEach: 0)
    switch try r.u8() {
    case 0:
      let n = try r.count(minBytesEach: 8)
      var v = [Double]()
      v.reserveCapacity(n)
      for _ in 0..<n { v.append(try r.double()) }
      for i in v.indices.dropFirst() where !(v[i - 1] <= v[i]) {
        throw FeatureReferenceError.malformed("numeric sample of '\(name)' is not sorted or holds NaN")
      }
      if let f = v.first, f.isNaN { throw FeatureReferenceError.malformed("numeric sample of '\(name)' holds NaN") }
      guard v.count <= observedCount else { throw FeatureReferenceError.malformed("sample larger than its count") }
      kind = .numeric(sorted: v)
    case 1:
      let n = try r.count(minBytesEach: 16)
      var levels = [String](), counts = [Int]()
      for _ in 0..<n {
        levels.append(try r.string())
        counts.append(try r.count(minBytesEach: 0))
      }
      for i in levels.indices.dropFirst() where !(levels[i - 1] < levels[i]) {
        throw FeatureReferenceError.malformed("levels of '\(name)' are not sorted and distinct")
      }
      var total = 0
      for c in counts {
        let (s, o) = total.addingReportingOverflow(c)
        guard !o else { throw FeatureReferenceError.malformed("level counts overflow") }
        total = s
      }
      guard total == observedCount else {
        throw FeatureReferenceError.malformed("level counts do not sum to the count")
      }
      kind = .categorical(levels: levels, counts: counts)
    case let tag:
      throw FeatureReferenceError.malformed("unknown kind tag \(tag)")
    }
  }

  /// The encoding of a list of references: a count followed by each reference's encoding.
  public static func encode(_ refs: [FeatureReference]) -> [UInt8] {
    var w = ByteWriter()
    w.count(refs.count)
    for r in refs { w.raw(r.encoded()) }
    return w.bytes
  }

  /// Decodes ``encode(_:)`` output; throws on malformed input.
  public static func decodeList(_ bytes: [UInt8]) throws -> [FeatureReference] {
    var r = ByteReader(bytes)
    let n = try r.count(minBytesEach: 8)
    var out: [FeatureReference] = []
    for _ in 0..<n { out.append(try FeatureReference(reading: &r)) }
    guard r.atEnd else { throw FeatureReferenceError.malformed("\(r.remaining) unexpected trailing bytes") }
    return out
  }
}
