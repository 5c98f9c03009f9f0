import Learn

/// What a causal-forest file holds — one forest (``CausalForest``) or one forest per arm
/// (``MultiArmCausalForest``) — saved and loaded through one path: the object's container written
/// atomically; on load, an older archive handed to its reader (``LegacyForestArchive``), a file of the other
/// causal-forest kind refused with its own message, then the container checked (checksum, kind, kind
/// version) and decoded by the object's ``init(container:path:)``.
public protocol CausalForestFileObject: Sendable {
  /// The container kind this object is saved as.
  static var containerKind: String { get }
  /// The newest kind version this build writes and reads.
  static var containerKindVersion: Int { get }
  /// The message for a file that holds the other causal-forest kind.
  static func otherKindMessage(path: String) -> String
  /// Decodes a file of the older archive (before the container).
  static func legacyArchive(_ bytes: [UInt8], path: String) throws -> Self
  /// The object as a container.
  func container() -> ObjectContainer
  /// Decodes the object from its container (a file, or sections another object embeds).
  init(container: ObjectContainer, path: String) throws
}

extension CausalForestFileObject {
  /// The bytes of the object's file.
  public func archived() -> [UInt8] { container().encoded() }

  /// Writes the object to `path` (atomically). Loading it gives bit-for-bit identical effects and intervals.
  public func save(to path: String) throws { try CausalForestFile.write(container(), to: path) }

  /// Reads a file written by ``save(to:)`` or by an older churn; throws a clear error for a missing, foreign,
  /// corrupt or newer file, or one of the other causal-forest kind.
  public static func load(from path: String) throws -> Self {
    try unarchive(try CausalForestFile.read(path), path: path)
  }

  /// Decodes the bytes of a file of either format.
  public static func unarchive(_ bytes: [UInt8], path: String = "<memory>") throws -> Self {
    guard CausalForestFile.isContainer(bytes) else { return try legacyArchive(bytes, path: path) }
    let kind = ObjectContainer.kind(inHeaderOf: bytes)
    if kind != containerKind && (kind == CausalForestFile.singleKind || kind == CausalForestFile.multiArmKind) {
      throw CausalForestError.invalidInput(otherKindMessage(path: path))
    }
    return try Self(
      container: try CausalForestFile.container(bytes, path: path, kind: containerKind, version: containerKindVersion),
      path: path)
  }
}
