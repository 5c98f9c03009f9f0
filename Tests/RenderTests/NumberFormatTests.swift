import Frame
import Render
import Stats
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("Number formatting")
struct NumberFormatTests {
  @Test(
    "formatNumber cases",
    arguments: [
      (0.26537, "0.26537"), (0.265371, "0.265371"), (0.2653712, "0.265371"), (110.95, "110.95"), (-0.1328, "-0.1328"),
      (1234.5, "1234.5"), (1.2e-07, "1.2e-07"),
      (64.76, "64.76"), (0.1 + 0.2, "0.3"), (7043, "7043"), (-12, "-12"), (0, "0"), (-0.0, "0"),
      (2.5, "2.5"), (1.99999, "1.99999"), (1.9999999, "2.0"), (0.000123, "0.000123"), (123456.789, "123456.8"),
      (1e15, "1e+15"), (3.14159e20, "3.14159e+20"), (3.1415926e20, "3.14159e+20"), (1e12, "1000000000000"),
      (29.85, "29.85"),
      (0.05, "0.05"), (-1.5e-9, "-1.5e-09"),
    ])
  func cases(x: Double, expected: String) {
    #expect(formatNumber(x) == expected)
  }

  /// `as_string` and CSV text: the shortest form that reads back to the same double.
  @Test func roundTrip() {
    #expect(formatRoundTrip(1834.58) == "1834.58")
    #expect(formatRoundTrip(0.1 + 0.2) == "0.30000000000000004")
    #expect(formatRoundTrip(7043) == "7043")
    #expect(formatRoundTrip(1e-5) == "1e-05")
    var rng = SeededRNG(seed: 7)
    for _ in 0..<2000 {
      let x = (rng.uniform() - 0.5) * pow(10, Double(rng.int(below: 40)) - 20)
      #expect(Double(formatRoundTrip(x)) == x)
    }
  }

  /// The estimate line: SE with 4 significant digits, estimate and CI to the same decimal place.
  @Test func estimateNumbersFollowTheSE() {
    let a = formatEstimateNumbers(value: 1575.568, se: 412.34, low: 767.4, high: 2383.7)
    #expect(a.value == "1575.6" && a.se == "412.3" && a.low == "767.4" && a.high == "2383.7")
    let b = formatEstimateNumbers(value: -0.0523417, se: 0.0123456, low: -0.07654, high: -0.02814)
    #expect(b.value == "-0.05234" && b.se == "0.01235" && b.low == "-0.07654" && b.high == "-0.02814")
    let c = formatEstimateNumbers(value: 123456.7, se: 12345.6, low: 99000, high: 148000)
    #expect(c.value == "123457" && c.se == "12346")
    let d = formatEstimateNumbers(value: 3.2e-9, se: 1.1e-10, low: 3.0e-9, high: 3.4e-9)
    #expect(d.value == "3.2000e-09" && d.se == "1.100e-10")
    let z = formatEstimateNumbers(value: 0.5, se: 0, low: 0.5, high: 0.5)
    #expect(z.value == "0.5" && z.se == "0")
  }

  @Test func pValueCellsBelowTheDoubleRangeAreBounds() {
    #expect(formatPValueCell(0) == "<1e-300")
    #expect(formatPValueCell(1.7e-317) == "<1e-300")
    #expect(formatPValueCell(2e-250) == "2e-250")
    #expect(formatPValueCell(0.0421) == "0.0421")
    #expect(isPValueColumn("p_value") && isPValueColumn("p") && !isPValueColumn("price"))
  }

  @Test func nonFinite() {
    #expect(formatNumber(.nan) == "NaN")
    #expect(formatNumber(.infinity) == "inf")
    #expect(formatNumber(-.infinity) == "-inf")
  }

  @Test func significantDigits() {
    #expect(formatNumber(3.14159265, significant: 2) == "3.1")
    #expect(formatNumber(3.14159265, significant: 6) == "3.14159")
    #expect(formatNumber(3.14159265, significant: 0) == "3.1")
  }

  @Test func pValues() {
    #expect(formatPValue(0.0001) == "<0.001")
    #expect(formatPValue(0) == "<0.001")
    #expect(formatPValue(0.0421) == "0.042")
    #expect(formatPValue(0.5) == "0.500")
    #expect(formatPValue(1) == "1.000")
    #expect(formatPValue(.nan) == "NaN")
  }

  @Test func percents() {
    #expect(formatPercent(0.26537) == "26.54%")
    #expect(formatPercent(1) == "100.00%")
    #expect(formatPercent(-0.00001) == "0.00%")
    #expect(formatPercent(0.5, decimals: 0) == "50%")
    #expect(formatPercent(.nan) == "NaN")
  }

  @Test func cells() {
    #expect(formatCell(.missing) == "NA")
    #expect(formatCell(.float(0.5)) == "0.5")
    #expect(formatCell(.int(42)) == "42")
    #expect(formatCell(.bool(true)) == "true")
    #expect(formatCell(.string("Yes")) == "Yes")
  }

  @Test func widths() {
    #expect(displayWidth("abc") == 3)
    #expect(displayWidth("…") == 1)
    #expect(displayWidth("é") == 1)
    #expect(displayWidth("日本") == 4)
    #expect(padLeft("日", 4) == "  日")
    #expect(truncate("abcdefgh", width: 5) == "abcd…")
    #expect(truncate("abc", width: 5) == "abc")
  }
}
