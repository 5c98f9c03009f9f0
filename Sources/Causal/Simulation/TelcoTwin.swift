import Frame
import Stats

/// Rows per random stream: block `b` of the twin draws from `SeededRNG(seed).derived(b)`, so the
/// output is the same for any number of threads.
let telcoTwinBlockSize = 1024

/// A synthetic twin of the IBM Telco Customer Churn table: same 21 columns, names, types and levels.
///
/// Customers are drawn independently by the twelve-step story in ``TelcoTwinStory`` (demographics,
/// phone and internet, tenure, contract, services, billing, charges, churn), whose conditionals were
/// fitted to the real file; data/README.md has every formula and the twin-vs-real statistics.
/// Column types match what a CSV reader infers from the real file: `SeniorCitizen` and `tenure`
/// are integers, `MonthlyCharges` and `TotalCharges` floats (TotalCharges missing for tenure-0
/// customers), every other column text with the real level spellings. Text levels are in
/// first-appearance order, like a frame read from the written CSV.
///
/// - Parameters:
///   - n: number of customers (0 ... ``maximumSimulatedRows``).
///   - seed: the seed; equal seeds give identical frames on every platform and thread count.
///   - includeTruth: when true, appends the float column `churn_probability`, the true P(churn)
///     each customer's Churn was drawn from (0 for tenure 0), marked as truth (``Column/isTruth``).
public func simulateTelco(n: Int, seed: Int, includeTruth: Bool = false) throws -> DataFrame {
  try validateRowCount(n, what: "telco")
  let customers = drawTelcoCustomers(n: n, seed: seed)
  var columns = telcoColumns(customers, ids: CustomerIDGenerator(seed: seed))
  if includeTruth {
    columns.append(Column(name: "churn_probability", floats: customers.map(\.churnProbability)).markedAsTruth())
  }
  return try DataFrame(columns: columns)
}

/// Draws `n` customers, one independent stream per block of ``telcoTwinBlockSize`` rows, blocks in
/// parallel.
func drawTelcoCustomers(n: Int, seed: Int) -> [TelcoCustomer] {
  var out = [TelcoCustomer](repeating: TelcoCustomer(), count: n)
  let blocks = (n + telcoTwinBlockSize - 1) / telcoTwinBlockSize
  let root = SeededRNG(seed: seed)
  out.withUnsafeMutableBufferPointer { buf in
    guard let base = buf.baseAddress else { return }
    nonisolated(unsafe) let ptr = base
    parallelFor(blocks) { b in
      var rng = root.derived(b)
      let lo = b * telcoTwinBlockSize, hi = min(lo + telcoTwinBlockSize, n)
      for i in lo..<hi { ptr[i] = TelcoTwinStory.drawCustomer(&rng) }
    }
  }
  return out
}

/// Turns customer records into the 21 Telco columns.
func telcoColumns(_ cs: [TelcoCustomer], ids: CustomerIDGenerator) -> [Column] {
  let yesNo = ["No", "Yes"]
  func flag(_ name: String, _ v: (TelcoCustomer) -> Bool) -> Column {
    categoricalColumn(name, codes: cs.map { v($0) ? 1 : 0 }, levels: yesNo)
  }
  func addOn(_ name: String, _ v: (TelcoCustomer) -> Bool) -> Column {
    categoricalColumn(
      name, codes: cs.map { !$0.hasInternet ? 2 : (v($0) ? 1 : 0) },
      levels: ["No", "Yes", "No internet service"])
  }
  return [
    // IDs are distinct by construction, so row i simply owns level i.
    Column(
      name: "customerID",
      storage: .string(
        codes: cs.indices.map { Int32($0) },
        levels: cs.indices.map { ids.id($0) })),
    categoricalColumn("gender", codes: cs.map { $0.male ? 1 : 0 }, levels: ["Female", "Male"]),
    Column(name: "SeniorCitizen", ints: cs.map { $0.senior ? 1 : 0 }),
    flag("Partner") { $0.partner },
    flag("Dependents") { $0.dependents },
    Column(name: "tenure", ints: cs.map(\.tenure)),
    flag("PhoneService") { $0.phone },
    categoricalColumn(
      "MultipleLines", codes: cs.map { !$0.phone ? 2 : ($0.multipleLines ? 1 : 0) },
      levels: ["No", "Yes", "No phone service"]),
    categoricalColumn("InternetService", codes: cs.map(\.internet), levels: TelcoLevels.internet),
    addOn("OnlineSecurity") { $0.onlineSecurity },
    addOn("OnlineBackup") { $0.onlineBackup },
    addOn("DeviceProtection") { $0.deviceProtection },
    addOn("TechSupport") { $0.techSupport },
    addOn("StreamingTV") { $0.streamingTV },
    addOn("StreamingMovies") { $0.streamingMovies },
    categoricalColumn("Contract", codes: cs.map(\.contract), levels: TelcoLevels.contract),
    flag("PaperlessBilling") { $0.paperless },
    categoricalColumn("PaymentMethod", codes: cs.map(\.payment), levels: TelcoLevels.payment),
    Column(name: "MonthlyCharges", floats: cs.map(\.monthlyCharges)),
    Column(name: "TotalCharges", floats: cs.map(\.totalCharges)),
    flag("Churn") { $0.churn },
  ]
}

/// A text column from codes into `levels`, with the levels re-ordered by first appearance (unused
/// levels dropped), as a CSV reader would build it.
func categoricalColumn(_ name: String, codes: [Int], levels: [String]) -> Column {
  var remap = [Int32](repeating: -1, count: levels.count)
  var used: [String] = []
  var out = [Int32](repeating: 0, count: codes.count)
  for (i, c) in codes.enumerated() {
    if remap[c] < 0 {
      remap[c] = Int32(used.count)
      used.append(levels[c])
    }
    out[i] = remap[c]
  }
  return Column(name: name, storage: .string(codes: out, levels: used))
}
