#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `churn serve ARGS…`: replaces this process with the `churn-serve` binary that sits beside `churn`.
///
/// The service lives in its own executable so that building `churn` never builds the server packages
/// (Hummingbird, GRDB, …). When it is missing the message says which command builds it.
enum ServeLauncher {
  static func exec(_ args: [String]) -> Int32 {
    let path = besideSelf("churn-serve")
    guard access(path, X_OK) == 0 else {
      Terminal.err(
        """
        error: churn serve needs the churn-serve binary beside churn, and \(path) is not there.
        Build it with:  swift build -c release --product churn-serve
        (it is built next to .build/release/churn; scripts/test.sh and scripts/run_all.sh build it too)
        """)
      return 1
    }
    var argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) }
    argv.append(nil)
    execv(path, &argv)
    Terminal.err("error: cannot start \(path): \(String(cString: strerror(errno)))")
    return 1
  }

  /// `name` in the folder of the running executable.
  private static func besideSelf(_ name: String) -> String {
    var buf = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buf, buf.count - 1)
    let me =
      n > 0 ? String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    guard let slash = me.lastIndex(of: "/") else { return "./" + name }
    return String(me[...slash]) + name
  }
}
