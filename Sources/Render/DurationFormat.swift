import Foundation

/// Formats an elapsed time for people with three significant digits and the unit that keeps the
/// number between 1 and 1000: `formatDuration(5.264e-05) == "52.6 µs"`, `"1.23 s"`, `"12.0 ms"`,
/// `"850 ns"`. Times of a minute or more read as minutes and seconds (`"2 min 5.3 s"`).
public func formatDuration(_ seconds: Double) -> String {
  if seconds.isNaN { return "NaN" }
  if seconds.isInfinite || seconds < 0 { return formatNumber(seconds) + " s" }
  if seconds >= 60 {
    let minutes = Int(seconds / 60)
    return "\(minutes) min \(fixedString(seconds - Double(minutes) * 60, decimals: 1)) s"
  }
  let units: [(scale: Double, name: String)] = [(1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]
  // Thresholds sit just below each unit so that 999.96 µs reads "1.00 ms", never "1000 µs".
  let unit = units.first { seconds >= $0.scale * 0.9995 } ?? units[units.count - 1]
  let v = seconds / unit.scale
  let decimals = v >= 99.95 ? 0 : (v >= 9.995 ? 1 : 2)
  return fixedString(v, decimals: decimals) + " " + unit.name
}
