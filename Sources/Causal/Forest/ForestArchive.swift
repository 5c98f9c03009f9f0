#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Learn
import Stats

/// A minimal little-endian binary archive for saving fitted forests: typed arrays written as raw bytes,
/// so a loaded forest predicts bit for bit like the saved one.
struct ForestArchiveWriter {
  private(set) var bytes: [UInt8] = []

  mutating func int(_ v: Int) { var x = Int64(v).littleEndian; withUnsafeBytes(of: &x) { bytes += $0 } }
  mutating func double(_ v: Double) { var x = v.bitPattern.littleEndian; withUnsafeBytes(of: &x) { bytes += $0 } }
  mutating func string(_ s: String) { let u = Array(s.utf8); int(u.count); bytes += u }
  mutating func strings(_ s: [String]) { int(s.count); for x in s { string(x) } }
  mutating func doubles(_ a: [Double]) {
    int(a.count)
    for v in a { var x = v.bitPattern.littleEndian; withUnsafeBytes(of: &x) { bytes += $0 } }
  }
  mutating func int32s(_ a: [Int32]) {
    int(a.count)
    for v in a { var x = v.littleEndian; withUnsafeBytes(of: &x) { bytes += $0 } }
  }
  mutating func uint8s(_ a: [UInt8]) { int(a.count); bytes += a }
}

/// Reads what ``ForestArchiveWriter`` wrote; every read is bounds-checked and throws on a short or
/// corrupt file.
struct ForestArchiveReader {
  let bytes: [UInt8]
  var pos = 0
  let path: String

  init(bytes: [UInt8], path: String) { self.bytes = bytes; self.path = path }

  /// Accepts `version` if this build reads it; a newer one asks for a newer churn.
  func checkVersion(_ version: Int, reads current: Int, oldest: Int? = nil) throws {
    if version > current {
      throw CausalForestError.invalidInput(
        "'\(path)' was saved in format version \(version) by a newer churn; this churn reads version \(current): "
          + "update churn, or save the forest again with this one")
    }
    guard version >= 1 else { throw corrupt("bad format version \(version)") }
    guard version >= (oldest ?? current) else {
      throw CausalForestError.invalidInput("'\(path)' has format version \(version); this churn reads version \(current)")
    }
  }

  /// Throws when bytes follow the end of the archive (a damaged or concatenated file).
  func checkEnd() throws {
    guard pos == bytes.count else { throw corrupt("\(bytes.count - pos) unexpected bytes at the end") }
  }

  private func corrupt(_ what: String) -> CausalForestError {
    .invalidInput("'\(path)' is not a valid churn causal-forest file (\(what)); save the forest again")
  }

  private mutating func raw64() throws -> UInt64 {
    guard pos + 8 <= bytes.count else { throw corrupt("truncated") }
    var x: UInt64 = 0
    for k in 0..<8 { x |= UInt64(bytes[pos + k]) << (8 * UInt64(k)) }
    pos += 8
    return x
  }
  mutating func int() throws -> Int { Int(Int64(bitPattern: try raw64())) }
  mutating func double() throws -> Double { Double(bitPattern: try raw64()) }
  private mutating func count(_ elementSize: Int) throws -> Int {
    let c = try int()
    guard c >= 0 else { throw corrupt("bad array length") }
    guard c <= (bytes.count - pos) / max(elementSize, 1) else { throw corrupt("truncated or damaged") }
    return c
  }
  mutating func string() throws -> String {
    let c = try count(1)
    let s = String(decoding: bytes[pos..<(pos + c)], as: UTF8.self)
    pos += c
    return s
  }
  mutating func strings() throws -> [String] {
    let c = try count(8)
    var out: [String] = []
    for _ in 0..<c { out.append(try string()) }
    return out
  }
  mutating func doubles() throws -> [Double] {
    let c = try count(8)
    var out = [Double](repeating: 0, count: c)
    for i in 0..<c { out[i] = try double() }
    return out
  }
  mutating func int32s() throws -> [Int32] {
    let c = try count(4)
    var out = [Int32](repeating: 0, count: c)
    for i in 0..<c {
      var x: UInt32 = 0
      for k in 0..<4 { x |= UInt32(bytes[pos + k]) << (8 * UInt32(k)) }
      out[i] = Int32(bitPattern: x)
      pos += 4
    }
    return out
  }
  mutating func uint8s() throws -> [UInt8] {
    let c = try count(1)
    let out = Array(bytes[pos..<(pos + c)])
    pos += c
    return out
  }
}

/// File helpers (POSIX, no Foundation).
enum ForestFile {
  static func write(_ bytes: [UInt8], to path: String) throws {
    guard let f = fopen(path, "wb") else {
      throw CausalForestError.invalidInput("cannot write '\(path)': \(fileWriteProblem(path))")
    }
    defer { fclose(f) }
    let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
    guard written == bytes.count else { throw CausalForestError.invalidInput("could not write all of '\(path)' (disk full?)") }
  }

  /// The first `count` bytes of `path` (fewer for a short file; none if it cannot be opened).
  static func prefix(_ path: String, _ count: Int) -> [UInt8] {
    guard let f = fopen(path, "rb") else { return [] }
    defer { fclose(f) }
    var buf = [UInt8](repeating: 0, count: count)
    let k = buf.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, f) }
    return Array(buf[0..<max(0, k)])
  }

  static func read(_ path: String) throws -> [UInt8] {
    do { return try ObjectContainer.readFile(path) } catch {
      throw CausalForestError.invalidInput("cannot open '\(path)': \(fileReadProblem(path))")
    }
  }
}

extension CompactForest {
  /// Writes the forest in the archive's node-array layout (format unchanged since version 1): per node
  /// feature (-1 = leaf), threshold, left (a leaf's slot), right, missing-left flag; then the leaf values.
  func write(to w: inout ForestArchiveWriter) {
    let n = trees.nodeCount
    var feature = [Int32](repeating: -1, count: n), threshold = [Double](repeating: 0, count: n)
    var left = [Int32](repeating: 0, count: n), right = [Int32](repeating: -1, count: n)
    var missingLeft = [UInt8](repeating: 0, count: n)
    for (k, nd) in trees.nodes.enumerated() {
      if nd.isLeaf { left[k] = nd.next; continue }
      feature[k] = Int32(nd.feature); threshold[k] = nd.threshold
      left[k] = Int32(k + 1); right[k] = nd.next; missingLeft[k] = nd.missingLeft ? 1 : 0
    }
    w.int(groupSize)
    w.int32s(trees.roots); w.int32s(feature); w.doubles(threshold); w.int32s(left); w.int32s(right)
    w.uint8s(missingLeft); w.doubles(leafValues)
  }

  /// Reads a forest written by ``write(to:)`` or by any earlier churn (children may come in any forward
  /// order; they are laid out in preorder on load).
  static func read(from r: inout ForestArchiveReader) throws -> CompactForest {
    var f = CompactForest(groupSize: try r.int())
    let a = ArchivedNodes(treeStart: try r.int32s(), feature: try r.int32s(), threshold: try r.doubles(),
                          left: try r.int32s(), right: try r.int32s(), missingLeft: try r.uint8s())
    let leafValues = try r.doubles()
    let bad = CausalForestError.invalidInput("'\(r.path)' holds an inconsistent forest; save the forest again")
    try a.checkIntegrity(groupSize: f.groupSize, leafValueCount: leafValues.count, bad)
    for t in 0..<(a.treeStart.count - 1) {
      let lo = Int(a.treeStart[t]), hi = Int(a.treeStart[t + 1])
      do {
        try f.trees.append(nodeCount: hi - lo) { k in
          let g = lo + k
          if a.feature[g] < 0 { return .leaf(slot: Int(a.left[g])) }
          let thr = a.threshold[g]
          return .numeric(feature: Int(a.feature[g]), threshold: thr, binThreshold: 0,
                          missingLeft: a.missingLeft[g] != 0 || thr.isNaN, left: Int(a.left[g]) - lo,
                          right: Int(a.right[g]) - lo)
        }
      } catch { throw bad }
    }
    f.leafValues = leafValues
    return f
  }
}

/// A forest's node arrays as the archive holds them (absolute child indices, any forward order).
struct ArchivedNodes {
  var treeStart: [Int32], feature: [Int32], threshold: [Double], left: [Int32], right: [Int32]
  var missingLeft: [UInt8]

  /// Verifies that every index stays in range (a corrupt file must not crash prediction).
  func checkIntegrity(groupSize: Int, leafValueCount: Int, _ bad: CausalForestError) throws {
    let nodes = feature.count, leaves = leafValueCount / CausalLeafSummary.width
    guard groupSize >= 1, threshold.count == nodes, left.count == nodes, right.count == nodes,
          missingLeft.count == nodes, leafValueCount % CausalLeafSummary.width == 0,
          treeStart.first == 0, treeStart.last.map({ Int($0) == nodes }) ?? false else { throw bad }
    for t in 0..<(treeStart.count - 1) {
      let a = Int(treeStart[t]), b = Int(treeStart[t + 1])
      guard a < b else { throw bad }
      // Children must point forward within the tree so traversal always ends.
      for k in a..<b {
        if feature[k] < 0 {
          guard left[k] >= 0 && Int(left[k]) < leaves else { throw bad }
        } else {
          guard Int(left[k]) > k, Int(left[k]) < b, Int(right[k]) > k, Int(right[k]) < b else { throw bad }
        }
      }
    }
  }
}
