import Learn
import Testing

@Suite("Saved-object container")
struct ObjectContainerTests {
  @Test("CRC-32 matches zlib")
  func crc() {
    // Reference: Python 3.11 zlib.crc32(b'123456789') = 0xcbf43926, zlib.crc32(b'') = 0x0,
    // zlib.crc32(b'churn policy container') = 0xffe7da06.
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([]) == 0)
    #expect(CRC32.checksum(Array("churn policy container".utf8)) == 0xFFE7_DA06)
    // Lengths that exercise the eight-byte steps and the tail: Python 3.11
    // zlib.crc32(bytes((i*7+3)%256 for i in range(1001))) = 0xb1133f7e, range(13) = 0xa97ad5c1.
    #expect(CRC32.checksum((0..<1001).map { UInt8(($0 * 7 + 3) % 256) }) == 0xB113_3F7E)
    #expect(CRC32.checksum((0..<13).map { UInt8(($0 * 7 + 3) % 256) }) == 0xA97A_D5C1)
  }

  @Test("an object embedded in another comes back with its kind, version and sections")
  func embedding() throws {
    var inner = ObjectContainer(kind: "model", kindVersion: 1)
    inner.append("model_kind", Array("gbm".utf8))
    inner.append("trees", [1, 2, 3])
    var outer = ObjectContainer(kind: "policy", kindVersion: 2)
    outer.append("meta", [9])
    outer.embed(inner, as: "churn_model")
    outer.embed(ObjectContainer(kind: "model", kindVersion: 1), as: "churn_model2")
    #expect(
      outer.sections.map(\.name) == [
        "meta", "churn_model", "churn_model/model_kind", "churn_model/trees", "churn_model2",
      ])
    let back = try ObjectContainer.decode(outer.encoded())
    #expect(try back.embedded("churn_model", kind: "model", readsKindVersion: 1) == inner)
    #expect(try back.embedded("churn_model2", kind: "model").sections.isEmpty)
    #expect(throws: ContainerError.wrongKind("p.bin (churn_model)", found: "model", expected: "causal_forest")) {
      try back.embedded("churn_model", file: "p.bin", kind: "causal_forest")
    }
    #expect(throws: ContainerError.newerVersion("p.bin (churn_model)", "model", 1, 0)) {
      try back.embedded("churn_model", file: "p.bin", kind: "model", readsKindVersion: 0)
    }
    #expect(throws: ContainerError.missingSection("p.bin", "effect1")) {
      try back.embedded("effect1", file: "p.bin", kind: "causal_forest")
    }
    // The kind is readable from the first bytes alone.
    #expect(ObjectContainer.kind(inHeaderOf: Array(outer.encoded().prefix(40))) == "policy")
    #expect(ObjectContainer.kind(inHeaderOf: Array("{}".utf8)) == nil)
  }

  @Test("sections round-trip in order; the header holds magic, version, checksum and length")
  func roundTrip() throws {
    var c = ObjectContainer(kind: "demo", kindVersion: 3)
    c.append("a", [1, 2, 3])
    c.append("empty", [])
    c.append("b", Array(repeating: 7, count: 1000))
    let bytes = c.encoded()
    #expect(Array(bytes.prefix(8)) == Array("CHURNOBJ".utf8))
    #expect(bytes[8] == 1 && bytes[9] == 0)
    let bodyLength = (16..<24).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1 - 16)) }
    #expect(bodyLength == UInt64(bytes.count - 24))
    let crc = (12..<16).reduce(UInt32(0)) { $0 | UInt32(bytes[$1]) << (8 * UInt32($1 - 12)) }
    #expect(crc == CRC32.checksum(Array(bytes[24...])))
    let d = try ObjectContainer.decode(bytes, kind: "demo", readsKindVersion: 3)
    #expect(d == c)
    #expect(try d.section("b").count == 1000)
    #expect(throws: ContainerError.missingSection("<memory>", "c")) { try d.section("c") }
    #expect(throws: ContainerError.newerVersion("<memory>", "demo", 3, 2)) {
      try ObjectContainer.decode(bytes, readsKindVersion: 2)
    }
  }

  @Test("every single-byte corruption of the body is caught")
  func everyByte() throws {
    var c = ObjectContainer(kind: "demo", kindVersion: 1)
    c.append("x", Array(0..<64))
    let bytes = c.encoded()
    for i in 24..<bytes.count {
      var bad = bytes
      bad[i] ^= 0x01
      #expect(throws: ContainerError.corrupted("<memory>", "checksum mismatch")) { try ObjectContainer.decode(bad) }
    }
    for k in [0, 5, 23, 24, bytes.count - 1] {
      #expect(throws: ContainerError.self) { try ObjectContainer.decode(Array(bytes.prefix(k))) }
    }
  }
}
