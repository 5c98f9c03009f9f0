import Foundation
import Testing

@testable import Stats

/// SHA-256 against `sha256sum` (GNU coreutils 9.x on this machine). Each reference was printed by
/// `printf '%s' TEXT | sha256sum`, or for generated inputs by
/// `python3 -c "import sys; sys.stdout.write(''.join(chr(97+i%26) for i in range(N)))" | sha256sum`.
@Suite("SHA-256")
struct SHA256Tests {
  @Test func knownVectors() {
    #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    // python3 -c "import sys; sys.stdout.write('a'*1000000)" | sha256sum
    #expect(
      SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// Lengths around the padding boundaries (55/56 bytes fit or spill the length block; 63/64/65 and 119 cross blocks).
  @Test func paddingBoundaries() {
    let expected: [Int: String] = [
      55: "595615dbe4f0f407ae397d08b4c2cb870cb9b0e11937416f950c5160acf9c005",
      56: "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51",
      63: "5ca3e1ef5207490eac01a795e5cc94d59582a5118bf9534665c8668d87aa647c",
      64: "2fcd5a0d60e4c941381fcc4e00a4bf8be422c3ddfafb93c809e8d1e2bfffae8e",
      65: "1b3cd1877ab2f2f19f7be001722554f336cb799df0329de0bb4c118dc6abc06d",
      119: "faef67da856d6fd9c8d12f9ed0a4fefd3cf0ce085ab43e2907418d457e3c354b",
    ]
    for n in expected.keys.sorted() {
      let bytes = (0..<n).map { UInt8(97 + $0 % 26) }
      #expect(SHA256.hex(bytes) == expected[n], "length \(n)")
    }
  }

  /// The bundled data file: `sha256sum data/telco.csv` printed 4781f2e0…6f2 when this test was written;
  /// compare against sha256sum run now, so the test follows the file if it is regenerated.
  @Test func bundledFileMatchesSha256sum() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let path = root.appendingPathComponent("data/telco.csv").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["sha256sum", path]
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    try #require(p.terminationStatus == 0, "sha256sum is not available")
    let reference = String(out.prefix(64))
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(SHA256.hex(bytes) == reference)
  }
}
