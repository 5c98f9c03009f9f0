import Testing

@testable import Render

/// `:timer` output: readable units with three significant digits (issue 11 item 13).
struct DurationFormatTests {
  @Test(
    "formatDuration cases",
    arguments: [
      (5.264e-05, "52.6 µs"), (1.234, "1.23 s"), (0.012, "12.0 ms"), (8.5e-7, "850 ns"),
      (0.0009996, "1.00 ms"), (3e-10, "0.30 ns"), (125.3, "2 min 5.3 s"), (0, "0.00 ns"),
    ])
  func cases(seconds: Double, expected: String) {
    #expect(formatDuration(seconds) == expected)
  }
}
