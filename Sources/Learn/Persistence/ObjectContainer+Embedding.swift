/// Objects inside objects: a policy holds its churn model and effect forests, a several-arm forest its
/// per-arm forests, as the very sections their own files hold — one encoding per object, one checksum per
/// file.
///
/// Embedding `object` under the name `p` appends a section `p` (UInt32 length + UTF-8 kind, UInt32 kind
/// version) and then every section `s` of `object` as `p/s`. ``embedded(_:file:kind:readsKindVersion:)``
/// gives the object back, as ``ObjectContainer/decode(_:file:kind:readsKindVersion:)`` would from its
/// own file (same kind and version checks).
extension ObjectContainer {
  /// Appends `object`'s sections under `name/`, after a section `name` holding its kind and kind version.
  public mutating func embed(_ object: ObjectContainer, as name: String) {
    var header: [UInt8] = []
    Self.put32(&header, UInt32(truncatingIfNeeded: object.kind.utf8.count))
    header += Array(object.kind.utf8)
    Self.put32(&header, UInt32(truncatingIfNeeded: object.kindVersion))
    append(name, header)
    for s in object.sections { append(name + "/" + s.name, s.bytes) }
  }

  /// The object embedded under `name`; refuses another kind than `kind` and kind versions above
  /// `readsKindVersion`, like a standalone file.
  public func embedded(
    _ name: String, file: String = "<memory>", kind expected: String,
    readsKindVersion: Int = Int.max
  ) throws -> ObjectContainer {
    var r = Reader(bytes: try section(name, file: file), file: file)
    let kind = try r.string()
    let kindVersion = Int(try r.u32())
    guard r.pos == r.bytes.count else { throw ContainerError.corrupted(file, "the '\(name)' header is damaged") }
    let place = "\(file) (\(name))"
    guard kind == expected else { throw ContainerError.wrongKind(place, found: kind, expected: expected) }
    guard kindVersion <= readsKindVersion else {
      throw ContainerError.newerVersion(place, kind, kindVersion, readsKindVersion)
    }
    let prefix = name + "/"
    let inner = sections.filter { $0.name.hasPrefix(prefix) }
      .map { Section(name: String($0.name.dropFirst(prefix.count)), bytes: $0.bytes) }
    return ObjectContainer(kind: kind, kindVersion: kindVersion, sections: inner)
  }

  /// The kind written at the start of the container file at `path`, read from its first bytes only (no
  /// checksum: use it to choose a reader, which then checks the whole file); nil if it is not a container.
  public static func peekKind(_ path: String) -> String? { kind(inHeaderOf: readPrefix(path, headerSize + 4 + 256)) }

  /// The kind written at the start of container bytes (possibly only the first bytes of a file), read
  /// without checking the checksum; nil if they do not start like a container.
  public static func kind(inHeaderOf head: [UInt8]) -> String? {
    guard head.count >= headerSize + 4, head.starts(with: magic) else { return nil }
    let n = Int(get32(head, headerSize))
    guard n <= head.count - headerSize - 4 else { return nil }
    return String(decoding: head[(headerSize + 4)..<(headerSize + 4 + n)], as: UTF8.self)
  }
}
