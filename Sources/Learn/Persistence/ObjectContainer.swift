import Stats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One versioned, checksummed binary container for every saved object — models (``ModelFile``), causal
/// forests (`CausalForestFile` in Causal) and retention policies (`PolicyFile` in Policy): a fixed header,
/// then a body of named sections. An object inside another (a policy's churn model) is embedded as its own
/// sections (see ``embed(_:as:)``).
///
/// Layout (all integers little-endian):
/// ```
/// offset  size  field
///      0     8  magic "CHURNOBJ"
///      8     4  container format version (UInt32; this build writes and reads up to ``formatVersion``)
///     12     4  CRC-32 (IEEE 802.3, as zlib's crc32) of the body
///     16     8  body length in bytes (UInt64)
///     24     …  body:
///                 kind           UInt32 length + UTF-8 (e.g. "policy")
///                 kind version   UInt32 (the version of what the sections mean, per kind)
///                 section count  UInt32
///                 per section:   UInt32 name length + UTF-8 name, UInt64 length, bytes
/// ```
/// A reader tells apart, with a message each: a file that is not a container, a truncated file (shorter
/// than its header says), trailing bytes, a corrupted body (checksum mismatch), a newer container or kind
/// version, a container holding another kind of object, and a missing section. Writing goes to a
/// temporary file in the same folder that is renamed over the target, so an error never leaves a
/// partial file behind.
public struct ObjectContainer: Sendable, Equatable {
  /// The magic bytes at offset 0.
  public static let magic: [UInt8] = Array("CHURNOBJ".utf8)
  /// The container format version this build writes and the newest it reads.
  public static let formatVersion = 1
  /// Bytes before the body.
  public static let headerSize = 24

  /// What the container holds ("policy", …).
  public var kind: String
  /// The version of the kind's section layout.
  public var kindVersion: Int
  /// Named sections, in the order written.
  public var sections: [Section]

  /// A named byte section.
  public struct Section: Sendable, Equatable {
    public var name: String
    public var bytes: [UInt8]
    /// A section.
    public init(name: String, bytes: [UInt8]) {
      self.name = name
      self.bytes = bytes
    }
  }

  /// A container of `kind` at `kindVersion` with `sections`.
  public init(kind: String, kindVersion: Int, sections: [Section] = []) {
    self.kind = kind
    self.kindVersion = kindVersion
    self.sections = sections
  }

  /// Appends a section.
  public mutating func append(_ name: String, _ bytes: [UInt8]) { sections.append(Section(name: name, bytes: bytes)) }

  /// The bytes of the section called `name`; throws ``ContainerError/missingSection(_:_:)`` if absent.
  public func section(_ name: String, file: String = "<memory>") throws -> [UInt8] {
    guard let s = sections.first(where: { $0.name == name }) else { throw ContainerError.missingSection(file, name) }
    return s.bytes
  }

  // MARK: - encoding

  /// The container as bytes.
  public func encoded() -> [UInt8] {
    var body: [UInt8] = []
    Self.put32(&body, UInt32(truncatingIfNeeded: kind.utf8.count))
    body += Array(kind.utf8)
    Self.put32(&body, UInt32(truncatingIfNeeded: kindVersion))
    Self.put32(&body, UInt32(truncatingIfNeeded: sections.count))
    for s in sections {
      Self.put32(&body, UInt32(truncatingIfNeeded: s.name.utf8.count))
      body += Array(s.name.utf8)
      Self.put64(&body, UInt64(s.bytes.count))
      body += s.bytes
    }
    var out = Self.magic
    Self.put32(&out, UInt32(Self.formatVersion))
    Self.put32(&out, CRC32.checksum(body))
    Self.put64(&out, UInt64(body.count))
    return out + body
  }

  /// Decodes container bytes. `file` names the source in messages; with `kind`, a container of another
  /// kind is refused; kind versions above `readsKindVersion` are refused as newer.
  public static func decode(
    _ bytes: [UInt8], file: String = "<memory>", kind expected: String? = nil,
    readsKindVersion: Int = Int.max
  ) throws -> ObjectContainer {
    guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
      throw ContainerError.notAContainer(file)
    }
    guard bytes.count >= headerSize else { throw ContainerError.truncated(file, "the header is cut short") }
    let version = Int(get32(bytes, 8))
    guard version <= formatVersion else { throw ContainerError.newerVersion(file, "container", version, formatVersion) }
    guard version >= 1 else { throw ContainerError.corrupted(file, "container version \(version) is invalid") }
    let crc = get32(bytes, 12)
    let length = get64(bytes, 16)
    let available = UInt64(bytes.count - headerSize)
    guard length <= available else {
      throw ContainerError.truncated(file, "\(available) of \(length) body bytes are present")
    }
    guard length == available else {
      throw ContainerError.corrupted(file, "\(available - length) unexpected bytes after the end")
    }
    let sum = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[headerSize...])) }
    guard sum == crc else { throw ContainerError.corrupted(file, "checksum mismatch") }
    // The body is read in place (no copy of it): positions count from the start of the file.
    var r = Reader(bytes: bytes, file: file, pos: headerSize)
    let kind = try r.string()
    let kindVersion = Int(try r.u32())
    if let expected, kind != expected { throw ContainerError.wrongKind(file, found: kind, expected: expected) }
    guard kindVersion <= readsKindVersion else {
      throw ContainerError.newerVersion(file, kind, kindVersion, readsKindVersion)
    }
    let count = Int(try r.u32())
    var sections: [Section] = []
    for _ in 0..<count {
      let name = try r.string()
      let n = try r.u64()
      sections.append(Section(name: name, bytes: try r.take(n)))
    }
    guard r.pos == bytes.count else { throw ContainerError.corrupted(file, "the sections do not fill the body") }
    return ObjectContainer(kind: kind, kindVersion: kindVersion, sections: sections)
  }

  // MARK: - files

  /// Writes the container to `path` through a temporary file in the same folder renamed over `path`
  /// (nothing partial is left on error).
  public func write(to path: String) throws {
    let data = encoded()
    let tmp = path + ".tmp-\(getpid())"
    guard let f = fopen(tmp, "wb") else { throw ContainerError.io("cannot write '\(path)': \(fileWriteProblem(path))") }
    let written = data.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    let flushed = fflush(f) == 0
    fclose(f)
    guard written == data.count, flushed else {
      unlink(tmp)
      throw ContainerError.io("could not write all of '\(path)' (disk full?); nothing was saved")
    }
    guard rename(tmp, path) == 0 else {
      unlink(tmp)
      throw ContainerError.io("cannot replace '\(path)': \(fileWriteProblem(path)); nothing was saved")
    }
  }

  /// Reads and decodes the container at `path` (see ``decode(_:file:kind:readsKindVersion:)``).
  public static func read(from path: String, kind: String? = nil, readsKindVersion: Int = Int.max) throws
    -> ObjectContainer
  {
    try decode(try readFile(path), file: path, kind: kind, readsKindVersion: readsKindVersion)
  }

  /// Whether the file at `path` starts with the container magic (it may still be damaged further on).
  public static func isContainer(_ path: String) -> Bool { readPrefix(path, magic.count) == magic }

  /// The first `count` bytes of the file at `path` (fewer for a short file; none if it cannot be opened).
  public static func readPrefix(_ path: String, _ count: Int) -> [UInt8] {
    guard let f = fopen(path, "rb") else { return [] }
    defer { fclose(f) }
    var buf = [UInt8](repeating: 0, count: count)
    let k = buf.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, f) }
    return Array(buf[0..<max(0, k)])
  }

  /// All bytes of the file at `path` (POSIX, no Foundation).
  public static func readFile(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else {
      throw ContainerError.io("cannot open '\(path)': no such file or not readable")
    }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let k = buf.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, f) }
      if k <= 0 { break }
      out += buf[0..<k]
    }
    return out
  }

  // MARK: - little-endian helpers

  static func put32(_ b: inout [UInt8], _ v: UInt32) {
    for k in 0..<4 { b.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) }
  }
  static func put64(_ b: inout [UInt8], _ v: UInt64) {
    for k in 0..<8 { b.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
  }
  static func get32(_ b: [UInt8], _ at: Int) -> UInt32 {
    var x: UInt32 = 0
    for k in 0..<4 { x |= UInt32(b[at + k]) << (8 * UInt32(k)) }
    return x
  }
  static func get64(_ b: [UInt8], _ at: Int) -> UInt64 {
    var x: UInt64 = 0
    for k in 0..<8 { x |= UInt64(b[at + k]) << (8 * UInt64(k)) }
    return x
  }

  /// Bounds-checked reads of the body.
  struct Reader {
    let bytes: [UInt8]
    let file: String
    var pos = 0

    mutating func u32() throws -> UInt32 {
      guard pos + 4 <= bytes.count else { throw ContainerError.corrupted(file, "a section header is cut short") }
      defer { pos += 4 }
      return ObjectContainer.get32(bytes, pos)
    }
    mutating func u64() throws -> UInt64 {
      guard pos + 8 <= bytes.count else { throw ContainerError.corrupted(file, "a section header is cut short") }
      defer { pos += 8 }
      return ObjectContainer.get64(bytes, pos)
    }
    mutating func take(_ n: UInt64) throws -> [UInt8] {
      guard n <= UInt64(bytes.count - pos) else { throw ContainerError.corrupted(file, "a section runs past the end") }
      let k = Int(n)
      defer { pos += k }
      return Array(bytes[pos..<(pos + k)])
    }
    mutating func string() throws -> String { String(decoding: try take(UInt64(try u32())), as: UTF8.self) }
  }
}

/// Why a saved-object container was refused.
public enum ContainerError: Error, Equatable, CustomStringConvertible {
  case notAContainer(String)
  case truncated(String, String)
  case corrupted(String, String)
  case newerVersion(String, String, Int, Int)
  case wrongKind(String, found: String, expected: String)
  case missingSection(String, String)
  case io(String)

  public var description: String {
    switch self {
    case .notAContainer(let f): return "'\(f)' is not a churn saved-object file (it does not start with CHURNOBJ)"
    case .truncated(let f, let what): return "'\(f)' is truncated (\(what)); copy or save it again"
    case .corrupted(let f, let what): return "'\(f)' is corrupted (\(what)); copy or save it again"
    case .newerVersion(let f, let what, let v, let reads):
      return "'\(f)' was written by a newer churn (\(what) format version \(v); this build reads up to \(reads)): "
        + "upgrade churn to load it"
    case .wrongKind(let f, let found, let expected): return "'\(f)' holds a \(found), not a \(expected)"
    case .missingSection(let f, let name): return "'\(f)' is damaged: its '\(name)' section is missing"
    case .io(let m): return m
    }
  }
}

/// CRC-32 (IEEE 802.3 polynomial 0xEDB88320, reflected, initial and final XOR 0xFFFFFFFF): the checksum of
/// zlib's `crc32` and of PNG/gzip. Computed eight bytes per step with eight lookup tables ("slicing-by-8",
/// Kounavis & Berry 2005), about 3.5 times faster than a byte at a time; the same value.
public enum CRC32 {
  /// `tables[k * 256 + b]`: the CRC of byte `b` followed by `k` zero bytes (table 0 is the classic table).
  static let tables: [UInt32] = {
    var t = [UInt32](repeating: 0, count: 8 * 256)
    for i in 0..<256 {
      var c = UInt32(i)
      for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
      t[i] = c
    }
    for k in 1..<8 {
      for i in 0..<256 {
        let p = t[(k - 1) * 256 + i]
        t[k * 256 + i] = (p >> 8) ^ t[Int(p & 0xFF)]
      }
    }
    return t
  }()

  /// The CRC-32 of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { checksum($0) } }

  /// The CRC-32 of the bytes in `raw`.
  public static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    tables.withUnsafeBufferPointer { tp in
      guard let t = tp.baseAddress else { return }
      let n = raw.count
      var i = 0
      while i + 8 <= n {
        let lo = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)) ^ c
        let hi = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self))
        c =
          t[1792 + Int(lo & 0xFF)] ^ t[1536 + Int((lo >> 8) & 0xFF)] ^ t[1280 + Int((lo >> 16) & 0xFF)]
          ^ t[1024 + Int(lo >> 24)] ^ t[768 + Int(hi & 0xFF)] ^ t[512 + Int((hi >> 8) & 0xFF)]
          ^ t[256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
        i += 8
      }
      while i < n {
        c = t[Int((c ^ UInt32(raw[i])) & 0xFF)] ^ (c >> 8)
        i += 1
      }
    }
    return c ^ 0xFFFF_FFFF
  }
}
