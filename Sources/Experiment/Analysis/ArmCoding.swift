import Frame

/// The arm of every row as a small integer code, with the arm labels in a stable order.
///
/// Text columns keep their values; integer and 0/1 columns are shown as text ("0", "1", "true"). Labels are
/// sorted (numerically for integer columns), so the order never depends on the file or on hashing. Missing
/// values get code −1.
public struct ArmCoding: Sendable {
  /// Arm label per code.
  public var labels: [String]
  /// Code per row (−1 = missing).
  public var codes: [Int32]

  /// Codes the column `column` of a frame; `role` names what the column is for in errors ("arm", "stratum").
  /// - Throws: for a float column with non-integer values (an arm or stratum must be a label, not a measurement).
  public init(_ column: Column, role: String = "arm") throws {
    let n = column.count
    switch column.storage {
    case .string(let codes, let levels):
      var used = [Bool](repeating: false, count: levels.count)
      let valid = column.valid
      for i in 0..<n where valid?[i] ?? true { used[Int(codes[i])] = true }
      let sortedLevels = Set(levels.indices.filter { used[$0] }.map { levels[$0] }).sorted()
      var remap = [Int32](repeating: -1, count: levels.count)
      for (k, l) in sortedLevels.enumerated() {
        for (j, lv) in levels.enumerated() where lv == l { remap[j] = Int32(k) }
      }
      labels = sortedLevels
      self.codes = (0..<n).map { (valid?[$0] ?? true) ? remap[Int(codes[$0])] : -1 }
    case .bool(let v):
      let used = Set((0..<n).compactMap { column.isMissing($0) ? nil : v[$0] })
      let sortedValues = used.sorted { !$0 && $1 }
      labels = sortedValues.map { $0 ? "true" : "false" }
      self.codes = (0..<n).map { column.isMissing($0) ? -1 : Int32(sortedValues.firstIndex(of: v[$0]) ?? 0) }
    case .int, .float:
      var ints = [Int](repeating: 0, count: n)
      var missing = [Bool](repeating: false, count: n)
      for i in 0..<n {
        guard let d = column.double(at: i), d.isFinite else {
          missing[i] = true
          continue
        }
        guard let k = Int(exactly: d) else {
          throw ExperimentError.invalidInput(
            "\(role) column '\(column.name)' has the value \(d); a \(role) must be a label "
              + "(text or whole numbers), not a measurement — bin it first (e.g. qcut)")
        }
        ints[i] = k
      }
      let sortedValues = Set((0..<n).compactMap { missing[$0] ? nil : ints[$0] }).sorted()
      var index: [Int: Int32] = [:]
      for (k, v) in sortedValues.enumerated() { index[v] = Int32(k) }
      labels = sortedValues.map(String.init)
      self.codes = (0..<n).map { missing[$0] ? -1 : (index[ints[$0]] ?? -1) }
    }
  }
}
