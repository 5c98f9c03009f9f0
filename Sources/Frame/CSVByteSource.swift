#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A sliding window over the bytes of a CSV input, refilled block by block.
///
/// The reader scans the window, then drops the bytes of the complete rows it used (`consume`) and
/// asks for more (`extend`). A row longer than the window makes the window grow. After `extend`,
/// the bytes of the previous window must stay valid until the following `extend` (the reader
/// parses one block while it tokenizes the next).
protocol CSVByteSource {
  /// The unconsumed bytes currently available, and whether they reach the end of the input.
  var window: (base: UnsafePointer<UInt8>, count: Int, atEnd: Bool) { get }
  /// Drops `k` bytes from the front of the window.
  mutating func consume(_ k: Int)
  /// Makes more bytes available (reads the next block, growing the buffer if the window is full).
  mutating func extend() throws
  /// Total input size in bytes, when known (for reserving column capacity).
  var totalBytes: Int? { get }
}

/// Reads a file with `read(2)` through two alternating buffers, so memory stays bounded by the block
/// size and the previous window's bytes stay valid while the next block is read and tokenized.
final class FileByteSource: CSVByteSource {
  private let fd: Int32
  private let path: String
  private let blockSize: Int
  private var buffers: [UnsafeMutablePointer<UInt8>]
  private var capacities: [Int]
  private var current = 0
  private var start = 0
  private var filled = 0
  private var eof = false
  let totalBytes: Int?

  /// Opens `path`; throws a `FrameError.csv` naming the path if it cannot be opened.
  init(path: String, blockSize: Int) throws {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      let reason = String(cString: strerror(errno))
      throw FrameError.csv("cannot open '\(path)': \(reason)")
    }
    var st = stat()
    if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
      close(fd)
      throw FrameError.csv("cannot read '\(path)': it is a directory")
    }
    self.fd = fd
    self.path = path
    self.blockSize = blockSize
    totalBytes = fstat(fd, &st) == 0 ? Int(st.st_size) : nil
    capacities = [blockSize, blockSize]
    buffers = [.allocate(capacity: blockSize), .allocate(capacity: blockSize)]
  }

  deinit {
    for b in buffers { b.deallocate() }
    close(fd)
  }

  var window: (base: UnsafePointer<UInt8>, count: Int, atEnd: Bool) {
    (UnsafePointer(buffers[current] + start), filled - start, eof)
  }

  func consume(_ k: Int) { start += k }

  /// Moves the unconsumed bytes to the other buffer (doubling it when the window was one
  /// unfinished row) and reads after them. The old buffer is left untouched until the next call.
  func extend() throws {
    if eof { return }
    let live = filled - start
    let other = 1 - current
    var needed = Swift.max(blockSize, capacities[current])
    if live == capacities[current] { needed = 2 * live }
    guard needed <= (1 << 29) else {
      throw FrameError.csv("cannot read '\(path)': a single row is longer than 512 MB")
    }
    if capacities[other] < needed {
      buffers[other].deallocate()
      buffers[other] = .allocate(capacity: needed)
      capacities[other] = needed
    }
    let dest = buffers[other]
    if live > 0 { memcpy(dest, buffers[current] + start, live) }
    current = other
    start = 0
    filled = live
    let capacity = capacities[other]
    while filled < capacity {
      let got = read(fd, dest + filled, capacity - filled)
      if got < 0 {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        throw FrameError.csv("cannot read '\(path)': \(reason)")
      }
      if got == 0 {
        eof = true
        break
      }
      filled += got
    }
  }
}

/// Presents an in-memory buffer block by block (no copy); the caller keeps the buffer alive.
struct MemoryByteSource: CSVByteSource {
  private let base: UnsafePointer<UInt8>
  private let total: Int
  private let blockSize: Int
  private var start = 0
  private var end = 0

  init(base: UnsafePointer<UInt8>, count: Int, blockSize: Int) {
    self.base = base
    self.total = count
    self.blockSize = blockSize
  }

  var totalBytes: Int? { total }

  var window: (base: UnsafePointer<UInt8>, count: Int, atEnd: Bool) {
    (base + start, end - start, end == total)
  }

  mutating func consume(_ k: Int) { start += k }

  mutating func extend() throws {
    let want = max(blockSize, 2 * (end - start))
    guard end - start < (1 << 29) else { throw FrameError.csv("a single row is longer than 512 MB") }
    end = min(total, start + want)
  }
}
