// TEMPORARY: stand-ins for the Frame helper's column statistics (contracts.md), so Lang compiles
// before they land. Delete this file as soon as Sources/Frame provides them.
extension Column {
  private var present: [Double] {
    guard let d = doubles() else { return [] }
    return d.enumerated().filter { !isMissing($0.offset) }.map(\.element)
  }
  func mean() -> Double? { let p = present; return p.isEmpty ? nil : p.reduce(0, +) / Double(p.count) }
  func sum() -> Double? { let p = present; return p.isEmpty ? nil : p.reduce(0, +) }
  func sd() -> Double? {
    let p = present
    guard p.count > 1, let m = mean() else { return nil }
    return (p.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(p.count - 1)).squareRoot()
  }
  func min() -> Double? { present.min() }
  func max() -> Double? { present.max() }
  func median() -> Double? { quantile(0.5) }
  func quantile(_ q: Double) -> Double? {
    let p = present.sorted()
    guard !p.isEmpty else { return nil }
    let h = Double(p.count - 1) * q
    let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, p.count - 1)
    return p[lo] + (h - Double(lo)) * (p[hi] - p[lo])
  }
  var nDistinct: Int {
    var s = Set<String>()
    for i in 0..<count where !isMissing(i) { s.insert("\(value(at: i))") }
    return s.count
  }
  func cut(breaks: [Double], labels: [String]?) throws -> Column {
    throw FrameError.invalidArgument("cut is not available yet")
  }
  func qcut(_ k: Int) throws -> Column { throw FrameError.invalidArgument("qcut is not available yet") }
}
