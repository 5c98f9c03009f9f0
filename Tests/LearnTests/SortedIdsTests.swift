import Stats
import Testing

@testable import Learn

/// ``SortedIds`` (the bitset sort forests use for their subsamples) gives exactly `sorted()`.
@Suite struct SortedIdsTests {
  @Test(arguments: [1, 63, 64, 65, 1000, 7043])
  func matchesSorted(n: Int) {
    var rng = SeededRNG(seed: n)
    for k in [0, 1, n / 2, n] {
      let ids = rng.sample(n, k)
      #expect(SortedIds.sorted(ids, bound: n) == ids.sorted().map { Int32($0) })
    }
  }

  @Test func boundaryIdsAreKept() {
    let ids: [Int32] = [127, 0, 64, 63, 128]
    #expect(SortedIds.sorted(ids, bound: 129) == [0, 63, 64, 127, 128])
  }
}
