/// The binary form of ``CompactTrees`` in saved files: the stored layout, so loading needs no conversion
/// beyond widening the numbers.
///
/// Compact form (written now; causal-forest kind version 2): the node count of each tree (packed
/// integers), the split feature of every node (packed, -1 for a leaf), a flag byte, then per split its
/// flags byte (bit 0 missing values go left, bit 1 categorical), its threshold (compact doubles; a
/// categorical split's level-set index as bits), its bin threshold and its right child as an offset from
/// the split (packed) — the leaves' threshold and bin threshold (0) are left out when flag bit 0 is set, else
/// they follow every node's — then each leaf's slot minus the running leaf count (packed; all zero
/// when the slots are numbered in node order), and the level sets. Packed integers and compact doubles are
/// described in `ByteCoding+Compact.swift`.
///
/// Fixed form (causal-forest kind version 1, read only), written by ``ByteWriter``: `roots` (Int32 array),
/// the nodes as three arrays — thresholds (raw IEEE bits), codes (Int32: feature and flags, -1 for a
/// leaf), next (Int32: right child or leaf slot) — then `binThresholds` (bytes) and the level `sets`.
extension CompactTrees {
  /// Flag of the compact form: leaves' thresholds and bin thresholds are 0 and left out.
  private static let leavesAtDefaults: UInt8 = 1

  /// Appends the trees to `w` in the compact form.
  public func write(to w: inout ByteWriter) {
    w.packedInts(zip(roots.dropFirst(), roots).map { $0 - $1 })
    w.packedInts(nodes.map { $0.isLeaf ? -1 : $0.feature })
    let defaults = nodes.indices.allSatisfy {
      !nodes[$0].isLeaf || (nodes[$0].threshold.bitPattern == 0 && binThresholds[$0] == 0)
    }
    w.byte(defaults ? Self.leavesAtDefaults : 0)
    let splits = nodes.indices.filter { !nodes[$0].isLeaf }
    let fields = defaults ? splits : Array(nodes.indices)
    w.uint8s(splits.map { (nodes[$0].missingLeft ? 1 : 0) | (nodes[$0].isCategorical ? 2 : 0) })
    w.compactDoubles(fields.map { nodes[$0].threshold })
    w.uint8s(fields.map { binThresholds[$0] })
    w.packedInts(splits.map { Int(nodes[$0].next) - $0 })
    var leaves = 0
    w.packedInts(
      nodes.compactMap { nd -> Int? in
        guard nd.isLeaf else { return nil }
        leaves += 1
        return Int(nd.next) - (leaves - 1)
      })
    w.uint64s(sets)
  }

  /// Reads trees written by ``write(to:)`` (`compact`) or in the fixed form of causal-forest kind version 1,
  /// and checks that every walk stays inside its tree and ends in a leaf slot below `leafSlots`, reading
  /// features below `features` (a damaged file must not crash prediction or loop). Throws
  /// ``ByteReader/Damaged`` when the bytes or the structure are wrong.
  public static func read(
    from r: inout ByteReader, compact: Bool = true, leafSlots: Int, features: Int
  ) throws -> CompactTrees {
    func damaged(_ what: String) -> ByteReader.Damaged { ByteReader.Damaged(what: "stored trees: \(what)") }
    guard compact else {
      let roots = try r.int32s()
      let threshold = try r.doubles(), code = try r.int32s(), next = try r.int32s()
      let bins = try r.uint8s(), sets = try r.uint64s()
      let n = threshold.count
      guard code.count == n, next.count == n, bins.count == n else { throw damaged("node arrays of different lengths") }
      return try checked(
        roots: roots, threshold: threshold, code: code, next: next, bins: bins, sets: sets, leafSlots: leafSlots,
        features: features)
    }
    let sizes = try r.packedInts()
    let feature = try r.packedInts()
    let flags = try r.byte()
    let splitFlags = try r.uint8s()
    let threshold = try r.compactDoubles(), bins = try r.uint8s()
    let offsets = try r.packedInts(), slots = try r.packedInts()
    let sets = try r.uint64s()
    let n = feature.count
    let splits = feature.indices.filter { feature[$0] >= 0 }
    let fieldCount = flags & leavesAtDefaults != 0 ? splits.count : n
    guard n < Int(Int32.max) / 2, sizes.allSatisfy({ $0 > 0 && $0 <= n }), sizes.reduce(0, &+) == n else {
      throw damaged("bad tree boundaries")
    }
    guard splitFlags.count == splits.count, offsets.count == splits.count, slots.count == n - splits.count,
      threshold.count == fieldCount, bins.count == fieldCount
    else { throw damaged("node arrays of different lengths") }
    guard feature.allSatisfy({ $0 >= -1 && $0 <= Node.maxFeature }), offsets.allSatisfy({ $0 > 0 && $0 < n }) else {
      throw damaged("a split points outside its tree")
    }
    var roots: [Int32] = [0]
    roots.reserveCapacity(sizes.count + 1)
    for s in sizes { roots.append(roots[roots.count - 1] + Int32(s)) }
    var code = [Int32](repeating: -1, count: n), next = [Int32](repeating: 0, count: n)
    var fullThreshold = fieldCount == n ? threshold : [Double](repeating: 0, count: n)
    var fullBins = fieldCount == n ? bins : [UInt8](repeating: 0, count: n)
    var split = 0, leaf = 0
    for k in 0..<n {
      if feature[k] < 0 {
        guard let slot = Int32(exactly: slots[leaf] &+ leaf) else { throw damaged("a leaf slot out of range") }
        next[k] = slot
        leaf += 1
        continue
      }
      let f = splitFlags[split]
      code[k] =
        Int32(feature[k]) | (f & 1 != 0 ? Node.missingLeftFlag : 0) | (f & 2 != 0 ? Node.categoricalFlag : 0)
      next[k] = Int32(k + offsets[split])
      if fieldCount != n {
        fullThreshold[k] = threshold[split]
        fullBins[k] = bins[split]
      }
      split += 1
    }
    return try checked(
      roots: roots, threshold: fullThreshold, code: code, next: next, bins: fullBins, sets: sets,
      leafSlots: leafSlots, features: features)
  }

  /// The trees from their node arrays (of equal length), after the structural checks of
  /// ``read(from:compact:leafSlots:features:)``.
  private static func checked(
    roots: [Int32], threshold: [Double], code: [Int32], next: [Int32], bins: [UInt8], sets: [UInt64],
    leafSlots: Int, features: Int
  ) throws -> CompactTrees {
    func damaged(_ what: String) -> ByteReader.Damaged { ByteReader.Damaged(what: "stored trees: \(what)") }
    let n = threshold.count
    guard sets.count % 4 == 0 else { throw damaged("node arrays of different lengths") }
    guard roots.first == 0, roots.last.map({ Int($0) == n }) ?? false else { throw damaged("bad tree boundaries") }
    let setCount = sets.count / 4
    for t in 0..<(roots.count - 1) {
      let lo = Int(roots[t]), hi = Int(roots[t + 1])
      guard lo < hi else { throw damaged("an empty tree") }
      for k in lo..<hi {
        if code[k] < 0 {
          guard code[k] == -1 else { throw damaged("a damaged leaf") }
          guard next[k] >= 0, Int(next[k]) < leafSlots else { throw damaged("a leaf slot out of range") }
          continue
        }
        let node = Node(threshold: threshold[k], code: code[k], next: next[k])
        // Left child k + 1 and right child `next` lie after the node, inside its tree: walks end.
        guard k + 1 < hi, Int(next[k]) > k + 1, Int(next[k]) < hi, node.feature < features,
          !node.isCategorical || (node.setIndex >= 0 && node.setIndex < setCount)
        else { throw damaged("a split points outside its tree") }
      }
    }
    var trees = CompactTrees()
    trees.roots = roots
    trees.nodes = (0..<n).map { Node(threshold: threshold[$0], code: code[$0], next: next[$0]) }
    trees.binThresholds = bins
    trees.sets = sets
    return trees
  }
}
