import Foundation
import Frame
import Testing

@testable import Learn

/// The compact, lossless encoding of saved trees (model kind version 2): packed integers, compact doubles,
/// trees without their derivable fields, and the container-v1 files (fixed-width trees) that still load.
@Suite struct CompactTreeCodingTests {
  func bits(_ a: [Double]) -> [UInt64] { a.map(\.bitPattern) }

  @Test(arguments: [
    [], [7], [-1, -1, -1], [0, 255], [-1, 254], [0, 256], [-40_000, 25_535], [0, 70_000], [Int.min, Int.max],
    [Int(Int32.min), Int(Int32.max), 0],
  ])
  func packedIntegersReadBackExactly(_ values: [Int]) throws {
    var w = ByteWriter()
    w.packedInts(values)
    var r = ByteReader(w.bytes)
    #expect(try r.packedInts() == values)
    try r.expectEnd()
    // The width byte is the narrowest that holds the range.
    if values.count > 1, let lo = values.min(), let hi = values.max() {
      let range = UInt64(bitPattern: Int64(hi) &- Int64(lo))
      let width = range <= 0xFF ? 1 : range <= 0xFFFF ? 2 : range <= 0xFFFF_FFFF ? 4 : 8
      #expect(w.bytes[16] == UInt8(width))
      #expect(w.bytes.count == 17 + width * values.count)
    }
  }

  /// A damaged count or width is refused before anything is allocated.
  @Test func damagedPackedIntegersAreRefused() throws {
    var w = ByteWriter()
    w.packedInts([3, 4, 5])
    var huge = w.bytes
    huge.replaceSubrange(0..<8, with: withUnsafeBytes(of: Int64(1 << 60).littleEndian, Array.init))
    var r = ByteReader(huge)
    #expect(throws: ByteReader.Damaged.self) { try r.packedInts() }
    var zeroWidth = w.bytes
    zeroWidth[16] = 0
    r = ByteReader(zeroWidth)
    #expect(throws: ByteReader.Damaged.self) { try r.packedInts() }
  }

  @Test func compactDoublesKeepEveryBitAndPickTheShortestMode() throws {
    func roundTrip(_ a: [Double]) throws -> (mode: UInt8?, size: Int) {
      var w = ByteWriter()
      w.compactDoubles(a)
      var r = ByteReader(w.bytes)
      let back = try r.compactDoubles()
      try r.expectEnd()
      #expect(bits(back) == bits(a))
      return (a.isEmpty ? nil : w.bytes[8], w.bytes.count)
    }
    #expect(try roundTrip([]).mode == nil)
    // Small integers (weights that are counts): packed, one byte each here.
    #expect(try roundTrip([1, 2, 3, 200, 0, 17]) == (1, 9 + 17 + 6))
    // -0 is not the integer 0, and NaN payloads, infinities and subnormals are kept: raw or a table.
    let odd = [-0.0, 0, .nan, Double(bitPattern: 0x7FF8_0000_0000_0001), .infinity, -.infinity, 5e-324, 0.1]
    #expect(try roundTrip(odd).mode == 0)
    // Few distinct values repeated (class frequencies, bin thresholds): a table and one-byte indices.
    let repeated = (0..<500).map { [0.25, 0.5, -0.0, 1.0 / 3][$0 % 4] }
    #expect(try roundTrip(repeated) == (2, 9 + 8 + 4 * 8 + 17 + 500))
    // All distinct: raw bits.
    #expect(try roundTrip((0..<50).map { Double($0) * 0.1 + 0.05 }).mode == 0)
  }

  func forestAndBooster() throws -> [any PredictiveModel] {
    let df = try synthetic(n: 400, seed: 23)
    let f = try Formula(parsing: "y ~ x1 + x2 + noise + color")
    var rf = RandomForestOptions()
    rf.trees = 6
    var gb = GradientBoostingOptions()
    gb.rounds = 8
    return [
      try RandomForest.fitTree(f, on: df, options: rf), try RandomForest.fit(f, on: df, options: rf),
      try GradientBoosting.fit(f, on: df, options: gb),
    ]
  }

  func trees(_ m: any PredictiveModel) -> [Tree] {
    (m as? RandomForest)?.trees ?? (m as? GradientBoosting)?.trees ?? []
  }

  /// Grown trees read back field for field, including the fields the compact form derives (depths, the
  /// defaults of leaves), and trees where they do not follow (then they are written out).
  @Test func treesReadBackFieldForField() throws {
    for m in try forestAndBooster() {
      let grown = trees(m)
      #expect(!grown.isEmpty)
      #expect(try TreeCoding.decode(TreeCoding.encode(grown), kindVersion: 2) == grown, "\(m.kind)")
      var odd = grown
      let leaf = try #require(odd[0].feature.firstIndex { $0 < 0 })
      odd[0].gain[leaf] = 0.5  // a leaf off its default: every node's split fields are written
      odd[0].depth[0] = 3  // depths that do not follow from the children: written
      odd.append(Tree(valueWidth: odd[0].valueWidth))  // a tree without nodes
      #expect(try TreeCoding.decode(TreeCoding.encode(odd), kindVersion: 2) == odd, "\(m.kind)")
    }
  }

  /// Every truncation and every single-bit flip of a saved forest's trees section either loads or is refused
  /// with a model error; none traps (the container's checksum is recomputed, so the trees reader sees it).
  @Test func damagedTreeSectionsAreRefusedOrLoadNeverTrap() throws {
    let df = try synthetic(n: 120, seed: 5)
    var o = RandomForestOptions()
    o.trees = 1
    o.maxDepth = 3
    let m = try RandomForest.fit(Formula(parsing: "y ~ x1 + color"), on: df, options: o)
    let c = try ModelFile.container(m)
    let trees = try #require(c.sections.firstIndex { $0.name == "trees" })
    let good = c.sections[trees].bytes
    var refused = 0, loaded = 0
    func attempt(_ bytes: [UInt8]) {
      var d = c
      d.sections[trees].bytes = bytes
      do {
        let back = try ModelFile.decode(d.encoded(), name: "m.model")
        _ = try back.predict(df)
        loaded += 1
      } catch { refused += 1 }
    }
    for n in 0..<good.count { attempt(Array(good.prefix(n))) }
    #expect(refused == good.count)
    for k in 0..<good.count {
      for b in 0..<8 {
        var flipped = good
        flipped[k] ^= UInt8(1 << b)
        attempt(flipped)
      }
    }
    #expect(refused + loaded == 9 * good.count)
    #expect(refused > good.count)
  }

  /// Model files of container version 1 (kind version 1: trees at fixed width), written by the churn of
  /// branch container at 0afe841 (Fixtures/legacy/make_container_v1_fixtures.churn), load and predict bit for
  /// bit what that churn predicted; saved again they are kind version 2 and smaller.
  @Test func containerV1ModelFilesStillLoad() throws {
    let df = try readCSV(path: fixturePath("legacy/data.csv"))
    let recorded = try readCSV(path: fixturePath("legacy/model_c1_predictions.csv"))
    for kind in ["tree", "forest", "gbm"] {
      let path = fixturePath("legacy/model_\(kind)_c1.model")
      let old = try ObjectContainer.read(from: path)
      #expect(old.kind == "model" && old.kindVersion == 1)
      let m = try ModelFile.load(from: path)
      #expect(bits(try m.predict(df)) == bits(try #require(recorded[kind]?.doubles())), "\(kind)")
      let again = try ModelFile.encode(m)
      #expect(try ObjectContainer.decode(again).kindVersion == 2)
      #expect(again.count < old.encoded().count, "\(kind)")
      let back = try ModelFile.decode(again, name: "again")
      #expect(trees(back) == trees(m), "\(kind)")
      #expect(bits(try back.predict(df)) == bits(try m.predict(df)), "\(kind)")
    }
  }

  /// The 15-tree forest and 15-round booster of the JSON fixtures (main at 91e100e) are no larger as
  /// containers than as JSON (issue 12: container 93 KB vs JSON 70 KB for the forest before the compact trees).
  @Test func treeModelFilesAreNoLargerThanTheirJSON() throws {
    for kind in ["tree", "forest", "gbm"] {
      let json = try ObjectContainer.readFile(fixturePath("legacy/model_\(kind).json"))
      let m = try ModelFile.decode(json, name: kind)
      let container = try ModelFile.encode(m)
      #expect(container.count <= json.count, "\(kind): \(container.count) bytes vs JSON \(json.count)")
    }
  }
}
