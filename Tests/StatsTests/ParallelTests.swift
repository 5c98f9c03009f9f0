import Stats
import Testing

/// Stats' deterministic parallel helpers: every index runs exactly once, results come back in index order
/// and do not depend on the thread count, and `parallelMap` reports the lowest failing index.
@Suite struct ParallelTests {
  struct Failure: Error, Equatable { let index: Int }

  @Test(arguments: [0, 1, 2, 3, 64])
  func parallelForVisitsEveryIndexOnce(threads: Int) {
    let n = 257
    var hits = [Int](repeating: 0, count: n)
    hits.withUnsafeMutableBufferPointer { h in
      let p = SharedPointer(h.baseAddress!)
      parallelFor(n, threads: threads) { i in p[i] += 1 }
    }
    #expect(hits == [Int](repeating: 1, count: n))
  }

  @Test func parallelMapIsInIndexOrderForAnyThreadCount() throws {
    let rng = SeededRNG(seed: 9)
    func run(_ threads: Int) throws -> [Double] {
      try parallelMap(100, threads: threads) { i in
        var r = rng.derived(i)
        return r.uniform() + Double(i)
      }
    }
    let serial = try run(1)
    #expect(serial.count == 100)
    #expect(zip(serial, serial.dropFirst()).allSatisfy { $0 < $1 })
    #expect(try run(0) == serial)
    #expect(try run(3) == serial)
  }

  @Test func parallelMapRethrowsTheLowestFailingIndex() {
    for threads in [0, 1, 4] {
      #expect(throws: Failure(index: 7)) {
        _ = try parallelMap(50, threads: threads) { i -> Int in
          if i == 7 || i == 31 { throw Failure(index: i) }
          return i
        }
      }
    }
    #expect((try? parallelMap(0) { $0 }) == [])
  }
  @Test(arguments: [0, 1])
  func concurrentlyReturnsBothResults(threads: Int) throws {
    let rng = SeededRNG(seed: 5)
    // Each job runs a parallel loop of its own, as the causal forest's nuisance forests do.
    @Sendable func job(_ stream: Int) throws -> [Double] {
      try parallelMap(64) { i in
        var r = rng.derived(stream * 1000 + i)
        return r.uniform()
      }
    }
    let (a, b) = try concurrently(threads: threads) {
      try job(1)
    } background: {
      try job(2)
    }
    #expect(a == (try job(1)))
    #expect(b == (try job(2)))
    #expect(a != b)
  }

  @Test func concurrentlyThrowsTheForegroundErrorFirst() {
    for threads in [0, 1] {
      #expect(throws: Failure(index: 1)) {
        _ = try concurrently(threads: threads) { () throws -> Int in
          throw Failure(index: 1)
        } background: {
          () throws -> Int in
          throw Failure(index: 2)
        }
      }
      #expect(throws: Failure(index: 2)) {
        _ = try concurrently(threads: threads) {
          1
        } background: { () throws -> Int in
          throw Failure(index: 2)
        }
      }
    }
  }
}
