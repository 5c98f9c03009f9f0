import Causal
import Dispatch
import Frame
import Learn
import Policy

#if canImport(Glibc)
  import Glibc
#endif

/// The decision engine of a saved retention policy (`save pol to "file"` in churn; read by `PolicyFile`, no
/// interpreter involved).
///
/// Requests become a data frame with one row per customer (numeric fields as float columns, booleans as bool
/// columns, categories as text columns) and go through the very `RetentionPolicy.recommend` the language's
/// `recommend` command calls, so a served answer equals the in-process one for the same customer.
///
/// Ranges: a numeric field that was never negative in the training data (the policy's stored feature reference,
/// whose sorted sample keeps the minimum) must be ≥ 0 — a negative tenure or charge is refused rather than
/// extrapolated. Other numbers only need to be finite; there is no upper bound.
///
/// The policy version is `crc32-XXXXXXXX`, the CRC-32 of the policy file's bytes: replicas serving the same
/// file report the same version, and any other file reports another.
public struct PolicyEngine: DecisionEngine {
  /// The loaded policy.
  public let policy: RetentionPolicy
  public let schema: InputSchema
  public let policyVersion: String
  public var interventions: [String] { policy.arms }
  /// Threads one call scores a few customers' arms on side by side (`RetentionPolicy.recommend`'s `threads`):
  /// 0 = every core, 1 = in turn on the calling thread. Never changes an answer.
  public var armThreads = 0

  /// Loads the policy file at `path` (refusing truncated, corrupted and newer-format files with a message).
  public init(path: String) throws {
    let bytes: [UInt8]
    do { bytes = try readFileBytes(path) } catch { throw StartupError("cannot read the policy file \(path): \(error)") }
    let policy: RetentionPolicy
    do { policy = try PolicyFile.decode(bytes, file: path) } catch {
      throw StartupError("cannot load the policy: \(error)")
    }
    let hex = String(CRC32.checksum(bytes), radix: 16)
    self.init(policy: policy, version: "crc32-" + String(repeating: "0", count: 8 - hex.count) + hex)
  }

  /// An engine over an in-memory policy with the given version label.
  /// The forests' few-row scoring layout is built here, one arm per core, not at the first request.
  public init(policy: RetentionPolicy, version: String) {
    self.policy = policy
    let arms = policy.interventions
    DispatchQueue.concurrentPerform(iterations: arms.count) { arms[$0].effect.forest.prepareRankedLayout() }
    self.policyVersion = version
    var nonNegative = Set<String>()
    for r in policy.reference {
      if case .numeric(let sorted) = r.kind, let low = sorted.first, low >= 0 { nonNegative.insert(r.name) }
    }
    self.schema = InputSchema(
      idField: "customer_id",
      fields: policy.schema.features.map { f in
        switch f.type {
        case .numeric:
          return FieldSpec(
            name: f.name, kind: .number(minimum: nonNegative.contains(f.name) ? 0 : nil, maximum: nil, integer: false))
        case .bool: return FieldSpec(name: f.name, kind: .boolean)
        case .text: return FieldSpec(name: f.name, kind: .category(levels: f.levels))
        }
      })
  }

  /// The frame `recommend` scores: an id column plus one column per schema field.
  public func frame(_ customers: [CustomerInput]) throws -> (DataFrame, idColumn: String) {
    var idColumn = "customerID"
    while schema.index(of: idColumn) != nil { idColumn = "_" + idColumn }
    var columns = [Column(name: idColumn, strings: customers.map { Optional($0.customerID) })]
    for (j, spec) in schema.fields.enumerated() {
      switch spec.kind {
      case .number:
        columns.append(
          Column(
            name: spec.name,
            floats: customers.map { c -> Double? in
              if case .number(let d)? = c.values[j] { return d } else { return nil }
            }))
      case .boolean:
        let values = customers.map { c -> Bool? in
          if case .boolean(let b)? = c.values[j] { return b } else { return nil }
        }
        columns.append(Column(name: spec.name, bools: values.map { $0 ?? false }, valid: values.map { $0 != nil }))
      case .category:
        columns.append(
          Column(
            name: spec.name,
            strings: customers.map { c -> String? in
              if case .category(let s)? = c.values[j] { return s } else { return nil }
            }))
      }
    }
    return (try DataFrame(columns: columns), idColumn)
  }

  public func decide(_ customers: [CustomerInput]) throws -> [EngineDecision] {
    let (frame, idColumn) = try frame(customers)
    let r: PolicyRecommendations
    do { r = try policy.recommend(frame, id: idColumn, threads: armThreads) } catch let e as PolicyError {
      throw rejection(frame, idColumn: idColumn, batchError: e)
    }
    let names = r.recommendation
    return (0..<r.count).map { i in
      EngineDecision(
        customerID: r.ids[i], churnProbability: r.churn[i], recommendation: names[i], reason: r.reason[i].rawValue,
        alternatives: r.arms.indices.map { k in
          InterventionScore(
            intervention: r.arms[k],
            effect: IntervalEstimate(estimate: r.effect[k][i], lower: r.lo[k][i], upper: r.hi[k][i]),
            cost: r.costs[k],
            netValue: IntervalEstimate(estimate: r.net[k][i], lower: r.netLo[k][i], upper: r.netHi[k][i]))
        })
    }
  }
}

extension PolicyEngine {
  /// Which customers the policy refuses and why: each row is scored alone to find them. The input passed
  /// validation, so what remains is values the policy cannot use (e.g. a customer value that overflows).
  func rejection(_ frame: DataFrame, idColumn: String, batchError: PolicyError) -> EngineRejection {
    var refused: [EngineRejection.Customer] = []
    for i in 0..<frame.rowCount {
      do { _ = try policy.recommend(frame.rows([i]), id: idColumn) } catch {
        let fields: [String]
        if case .valueExpression = error as? PolicyError { fields = policy.value.columns } else { fields = [] }
        refused.append(.init(index: i, fields: fields, problem: "\(error)"))
      }
    }
    if refused.isEmpty { refused.append(.init(index: 0, fields: [], problem: batchError.description)) }
    return EngineRejection(customers: refused)
  }
}

/// The bytes of a file.
func readFileBytes(_ path: String) throws -> [UInt8] {
  guard let f = fopen(path, "rb") else { throw StartupError("cannot open \(path)") }
  defer { fclose(f) }
  var out: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let n = fread(&chunk, 1, chunk.count, f)
    if n > 0 { out.append(contentsOf: chunk[0..<n]) }
    if n < chunk.count { break }
  }
  guard ferror(f) == 0 else { throw StartupError("error reading \(path)") }
  return out
}
