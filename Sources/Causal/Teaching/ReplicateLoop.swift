import Stats

/// Runs `body(r, seedᵣ)` for the replicates r = 0 ..< `replicates` of a simulation study and returns the
/// results in replicate order.
///
/// Replicate r's seed is drawn from `SeededRNG(seed).derived(r)`, so a replicate's result depends on its
/// number only, never on how replicates are scheduled across threads. Replicates run in parallel batches of
/// four; between batches ``Interruption/check()`` lets Ctrl-C stop the study and `progress(done, total)` is
/// called on the calling thread. A failing replicate's error is rethrown prefixed with its number (an
/// interruption is rethrown as is).
/// - Parameter threads: worker threads of each batch (0 = all cores); results do not depend on it.
func runReplicates<T: Sendable>(
  _ replicates: Int, seed: Int, threads: Int = 0, progress: ((Int, Int) -> Void)?,
  _ body: @escaping @Sendable (_ replicate: Int, _ seed: Int) throws -> T
) throws -> [T] {
  let root = SeededRNG(seed: seed)
  let batch = 4
  var results: [T] = []
  results.reserveCapacity(max(0, replicates))
  var start = 0
  while start < replicates {
    try Interruption.check()
    let count = min(batch, replicates - start)
    let first = start
    results += try parallelMap(count, threads: threads) { k -> T in
      let r = first + k
      var stream = root.derived(r)
      let s = Int(truncatingIfNeeded: stream.next() >> 1)
      do {
        return try body(r, s)
      } catch let e as InterruptedError {
        throw e
      } catch {
        throw CausalError.invalidInput("replicate \(r + 1): \(error)")
      }
    }
    start += count
    progress?(start, replicates)
  }
  return results
}
