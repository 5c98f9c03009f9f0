#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sliding window over the bytes of a CSV input, refilled block by block.
///
/// The reader scans the window, then drops the bytes of the complete rows it used (`consume`) and
/// asks for more (`extend`). A row longer than the window makes the window grow.
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

/// Reads a file through a fixed buffer with `read(2)`, so memory stays bounded by the block size.
final class FileByteSource: CSVByteSource {
  private let fd: Int32
  private let path: String
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
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
    totalBytes = fstat(fd, &st) == 0 ? Int(st.st_size) : nil
    capacity = blockSize
    buffer = .allocate(capacity: blockSize)
  }

  deinit {
    buffer.deallocate()
    close(fd)
  }

  var window: (base: UnsafePointer<UInt8>, count: Int, atEnd: Bool) {
    (UnsafePointer(buffer + start), filled - start, eof)
  }

  func consume(_ k: Int) { start += k }

  func extend() throws {
    if eof { return }
    if start > 0 {
      let live = filled - start
      if live > 0 { memmove(buffer, buffer + start, live) }
      filled = live
      start = 0
    }
    if filled == capacity {
      guard capacity < (1 << 29) else {
        throw FrameError.csv("cannot read '\(path)': a single row is longer than 512 MB")
      }
      let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
      bigger.update(from: buffer, count: filled)
      buffer.deallocate()
      buffer = bigger
      capacity *= 2
    }
    while filled < capacity {
      let got = read(fd, buffer + filled, capacity - filled)
      if got < 0 {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        throw FrameError.csv("cannot read '\(path)': \(reason)")
      }
      if got == 0 { eof = true; break }
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
