import Frame
import Testing

@testable import Policy

@Suite("Feature reference")
struct FeatureReferenceTests {
  static func frame() throws -> DataFrame {
    try DataFrame(columns: [
      Column(name: "tenure", floats: [5, 1, .nan, 3, 3, 12]),
      Column(
        name: "Contract", strings: ["Two year", "Month-to-month", nil, "Month-to-month", "One year", "Month-to-month"]),
      Column(name: "senior", bools: [true, false, false, true, false, false]),
    ])
  }

  @Test func buildsSortedSummaries() throws {
    let refs = try FeatureReference.from(Self.frame(), columns: ["tenure", "Contract", "senior"])
    #expect(refs.map(\.name) == ["tenure", "Contract", "senior"])
    #expect(refs[0].kind == .numeric(sorted: [1, 3, 3, 5, 12]))
    #expect(refs[0].missingCount == 1)
    #expect(refs[1].kind == .categorical(levels: ["Month-to-month", "One year", "Two year"], counts: [3, 1, 1]))
    #expect(refs[1].missingCount == 1)
    #expect(refs[2].kind == .numeric(sorted: [0, 0, 0, 0, 1, 1]))
    #expect(refs[2].observedCount == 6)
  }

  @Test func unknownColumnSuggests() throws {
    #expect(throws: FeatureReferenceError.unknownColumn("tenur", suggestion: "tenure")) {
      try FeatureReference.from(Self.frame(), columns: ["tenur"])
    }
  }

  @Test func thinningKeepsEndsAndCap() {
    let v = (0..<1000).map(Double.init)
    let t = FeatureReference.thin(v, to: 11)
    #expect(t == [0, 100, 200, 300, 400, 500, 599, 699, 799, 899, 999].map(Double.init))
    #expect(t.count == 11 && t.first == 0 && t.last == 999)
    let col = Column(name: "x", floats: v)
    let ref = FeatureReference.from(col, maxSample: 11)
    #expect(ref.observedCount == 1000)
    if case .numeric(let s) = ref.kind { #expect(s.count == 11) } else { Issue.record("expected numeric") }
  }

  @Test func roundTripsBitForBit() throws {
    let refs = try FeatureReference.from(Self.frame(), columns: ["tenure", "Contract", "senior"])
    for r in refs { #expect(try FeatureReference(decoding: r.encoded()) == r) }
    #expect(try FeatureReference.decodeList(FeatureReference.encode(refs)) == refs)
    let odd = FeatureReference(name: "ü-ß", kind: .numeric(sorted: [-0.0, 1e-310, .infinity]), missingCount: 0)
    #expect(try FeatureReference(decoding: odd.encoded()) == odd)
  }

  /// Every truncation and many single-byte corruptions throw (none traps).
  @Test func malformedInputThrows() throws {
    let refs = try FeatureReference.from(Self.frame(), columns: ["tenure", "Contract"])
    for r in refs {
      let bytes = r.encoded()
      for cut in 0..<bytes.count {
        #expect(throws: FeatureReferenceError.self) { try FeatureReference(decoding: Array(bytes[0..<cut])) }
      }
      #expect(throws: FeatureReferenceError.self) { try FeatureReference(decoding: bytes + [0]) }
      var thrown = 0
      for i in bytes.indices {
        var b = bytes
        b[i] ^= 0xFF
        do { _ = try FeatureReference(decoding: b) } catch is FeatureReferenceError { thrown += 1 }
      }
      #expect(thrown > bytes.count / 2)
    }
    var newer = refs[0].encoded()
    newer[4] = 99
    #expect(throws: FeatureReferenceError.unsupportedVersion(99)) { try FeatureReference(decoding: newer) }
  }
}
