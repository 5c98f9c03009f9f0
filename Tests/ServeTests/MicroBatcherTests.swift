import Dispatch
import Foundation
import Frame
import Policy
import Synchronization
import Testing

@testable import Serve

/// Dynamic batching of `/v1/recommend` scoring, in process: batched answers equal one-at-a-time answers bit for
/// bit, one customer's failure fails only that customer, batch sizes reach the metrics.
@Suite("Micro-batching of one-customer scoring")
struct MicroBatcherTests {
  /// The fixture policy's engine and `n` customers as validated inputs.
  static func engineAndInputs(n: Int, seed: Int) throws -> (PolicyEngine, [CustomerInput]) {
    let engine = PolicyEngine(policy: try ServeFixture.policy.get(), version: "test")
    let frame = ServeFixture.customers(n: n, seed: seed)
    let inputs = (0..<n).map { i in
      CustomerInput(
        customerID: frame["customerID"]?.string(at: i) ?? "",
        values: engine.schema.fields.map { spec -> FieldValue? in
          switch spec.kind {
          case .number: return frame[spec.name]?.double(at: i).map { .number($0) }
          case .category: return frame[spec.name]?.string(at: i).map { .category($0) }
          case .boolean: return frame[spec.name]?.double(at: i).map { .boolean($0 != 0) }
          }
        })
    }
    return (engine, inputs)
  }

  /// Every number of a decision as its bit pattern, plus its texts, so `==` means bit-for-bit equality.
  static func bits(_ d: EngineDecision) -> [String] {
    var out = [d.customerID, d.recommendation, d.reason, String(d.churnProbability.bitPattern)]
    for a in d.alternatives {
      out += [a.intervention, String(a.cost.bitPattern)]
      for e in [a.effect, a.netValue] { out += [e.estimate, e.lower, e.upper].map { String($0.bitPattern) } }
    }
    return out
  }

  /// Submits every input at once and collects the answers in input order.
  static func submitAll(_ batcher: MicroBatcher, _ inputs: [CustomerInput]) async -> [Result<EngineDecision, any Error>]
  {
    await withTaskGroup(of: (Int, Result<EngineDecision, any Error>).self) { group in
      for (i, input) in inputs.enumerated() { group.addTask { (i, await batcher.decide(input)) } }
      var out = [Result<EngineDecision, any Error>?](repeating: nil, count: inputs.count)
      for await (i, r) in group { out[i] = r }
      return out.map { $0 ?? .failure(CancellationError()) }
    }
  }

  /// Submits the first input alone and waits until the engine holds its call, then submits the rest and
  /// releases the engine once all of them are queued: the rest must then form one batch.
  static func heldFirst(_ gate: GatedEngine, _ batcher: MicroBatcher, _ inputs: [CustomerInput]) async
    -> [Result<EngineDecision, any Error>]
  {
    async let first = batcher.decide(inputs[0])
    await gate.releaseWhen({ gate.batchSizes.count == 1 }, signal: false)
    async let rest = submitAll(batcher, Array(inputs.dropFirst()))
    await gate.releaseWhen { batcher.queuedCount == inputs.count - 1 }
    return [await first] + (await rest)
  }

  @Test("a batched decision equals the one-at-a-time decision bit for bit (engine batch and through the batcher)")
  func batchedEqualsSingle() async throws {
    let (engine, inputs) = try Self.engineAndInputs(n: 60, seed: 99)
    let single = try inputs.map { try engine.decide([$0])[0] }
    #expect(
      Set(single.map(\.recommendation)).count >= 2, "the fixture should give more than one kind of recommendation")
    let batch = try engine.decide(inputs)
    #expect(batch.map(Self.bits) == single.map(Self.bits))
    let gate = GatedEngine(engine, holdFirstCall: true)
    let metrics = ServeMetrics()
    let batcher = MicroBatcher(engine: gate, lanes: 1, maxBatch: 256, metrics: metrics, inlineWhenIdle: false)
    async let answers = Self.heldFirst(gate, batcher, inputs)
    let served = try (await answers).map { try $0.get() }
    #expect(served.map(Self.bits) == single.map(Self.bits))
    #expect(gate.batchSizes == [1, inputs.count - 1], "\(gate.batchSizes)")
    let text = String(decoding: metrics.exposition(), as: UTF8.self)
    func value(_ name: String) -> Double? {
      text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }
    #expect(value("churn_scoring_batch_size_count") == 2, "\(text)")
    #expect(value("churn_scoring_batch_size_sum") == 60, "\(text)")
    batcher.stop()
    batcher.waitUntilStopped()
  }

  @Test("scoring a few customers' arms in turn (--arm-threads 1, 2) equals scoring them side by side, bit for bit")
  func armThreadsSameAnswer() throws {
    let (engine, inputs) = try Self.engineAndInputs(n: 9, seed: 31)
    let sideBySide = try [Array(inputs.prefix(1)), Array(inputs.prefix(4)), inputs].map { try engine.decide($0) }
    for threads in [1, 2] {
      var other = engine
      other.armThreads = threads
      let answers = try [Array(inputs.prefix(1)), Array(inputs.prefix(4)), inputs].map { try other.decide($0) }
      #expect(answers.map { $0.map(Self.bits) } == sideBySide.map { $0.map(Self.bits) }, "arm threads \(threads)")
    }
    #expect(try ServeOptions.parse(["--policy", "p.bin", "--arm-threads", "0"]).armThreads == 0)
    #expect(try ServeOptions.parse(["--policy", "p.bin"]).armThreads == 1)
    #expect(throws: UsageError.self) { try ServeOptions.parse(["--policy", "p.bin", "--arm-threads", "-1"]) }
  }

  @Test("one customer that cannot be scored fails alone; the rest of its batch is answered, equal to single scoring")
  func failureIsolated() async throws {
    let (engine, inputs) = try Self.engineAndInputs(n: 12, seed: 5)
    var edited = inputs
    edited[7].customerID = "REFUSE"
    let mixed = edited
    let gate = GatedEngine(engine, holdFirstCall: true, refuse: "REFUSE")
    let batcher = MicroBatcher(engine: gate, lanes: 1, maxBatch: 256, metrics: nil, inlineWhenIdle: false)
    let results = await Self.heldFirst(gate, batcher, mixed)
    for (i, r) in results.enumerated() {
      switch r {
      case .success(let d):
        #expect(i != 7, "the refused customer was answered")
        #expect(Self.bits(d) == Self.bits(try engine.decide([mixed[i]])[0]))
      case .failure(let e):
        #expect(i == 7, "customer \(i) failed: \(e)")
        #expect((e as? EngineRejection)?.customers.first?.problem == "refused by the test engine")
      }
    }
    // The batch of 11 failed as a whole, then each of its customers was scored alone.
    #expect(
      gate.batchSizes.prefix(2) == [1, 11] && gate.batchSizes.dropFirst(2).allSatisfy { $0 == 1 }, "\(gate.batchSizes)")
    batcher.stop()
    batcher.waitUntilStopped()
  }

  @Test("an idle batcher scores a lone request at once (itself, or on a lane); after stop, requests are refused")
  func idleAndStop() async throws {
    let (engine, inputs) = try Self.engineAndInputs(n: 3, seed: 8)
    let gate = GatedEngine(engine, holdFirstCall: false)
    let batcher = MicroBatcher(engine: gate, lanes: 2, maxBatch: 256, metrics: nil)
    await gate.releaseWhen({ batcher.idleLaneCount == 2 }, signal: false)
    for input in inputs {
      let d = try await batcher.decide(input).get()
      #expect(Self.bits(d) == Self.bits(try engine.decide([input])[0]))
    }
    #expect(gate.batchSizes == [1, 1, 1])
    // While a request scores itself (held), the next ones go to the lanes and are answered meanwhile.
    let held = GatedEngine(engine, holdFirstCall: true)
    let fast = MicroBatcher(engine: held, lanes: 1, maxBatch: 256, metrics: nil)
    await held.releaseWhen({ fast.idleLaneCount == 1 }, signal: false)
    async let first = fast.decide(inputs[0])
    await held.releaseWhen({ held.batchSizes.count == 1 }, signal: false)
    let second = try await fast.decide(inputs[1]).get()
    #expect(Self.bits(second) == Self.bits(try engine.decide([inputs[1]])[0]))
    await held.releaseWhen { true }
    #expect(Self.bits(try await first.get()) == Self.bits(try engine.decide([inputs[0]])[0]))
    fast.stop()
    fast.waitUntilStopped()
    batcher.stop()
    batcher.waitUntilStopped()
    let after = await batcher.decide(inputs[0])
    #expect(throws: LogClosedError.self) { try after.get() }
  }
}

/// Wraps an engine: records batch sizes, can hold the first call until the test releases it (so the next
/// requests queue up behind it), and can refuse customers with a given id.
final class GatedEngine: DecisionEngine, @unchecked Sendable {
  let inner: PolicyEngine
  let refuse: String?
  private let lock = NSLock()
  private var sizes: [Int] = []
  private var held: Bool
  private let release = DispatchSemaphore(value: 0)

  init(_ inner: PolicyEngine, holdFirstCall: Bool, refuse: String? = nil) {
    self.inner = inner
    self.held = holdFirstCall
    self.refuse = refuse
  }

  var schema: InputSchema { inner.schema }
  var policyVersion: String { inner.policyVersion }
  var interventions: [String] { inner.interventions }
  var batchSizes: [Int] {
    lock.lock()
    defer { lock.unlock() }
    return sizes
  }

  /// Polls `ready` every millisecond until it holds (the 60 s deadline only guards against a hang: at 10 s, on a
  /// machine at load 20 running the PostgreSQL suites beside this one, the eleven requests were not all queued yet
  /// and the test saw other batch sizes), then, with `signal`, lets the held first call finish.
  func releaseWhen(_ ready: () -> Bool, signal: Bool = true) async {
    let deadline = Date().addingTimeInterval(60)
    while !ready() && Date() < deadline { try? await Task.sleep(for: .milliseconds(1)) }
    if signal { release.signal() }
  }

  func decide(_ customers: [CustomerInput]) throws -> [EngineDecision] {
    lock.lock()
    sizes.append(customers.count)
    let wait = held
    held = false
    lock.unlock()
    if wait { release.wait() }
    let bad = customers.indices.filter { customers[$0].customerID == refuse }
    guard bad.isEmpty else {
      throw EngineRejection(customers: bad.map { .init(index: $0, fields: [], problem: "refused by the test engine") })
    }
    return try inner.decide(customers)
  }
}
