import Testing
import Frame
import Render

@Suite("Number formatting")
struct NumberFormatTests {
  @Test("formatNumber cases", arguments: [
    (0.26537, "0.2654"), (-0.1328, "-0.1328"), (1234.5, "1234.5"), (1.2e-07, "1.2e-07"),
    (64.76, "64.76"), (0.1 + 0.2, "0.3"), (7043, "7043"), (-12, "-12"), (0, "0"), (-0.0, "0"),
    (2.5, "2.5"), (1.99999, "2.0"), (0.000123, "0.000123"), (123456.789, "123456.8"),
    (1e15, "1e+15"), (3.14159e20, "3.142e+20"), (1e12, "1000000000000"), (29.85, "29.85"),
    (0.05, "0.05"), (-1.5e-9, "-1.5e-09"),
  ])
  func cases(x: Double, expected: String) {
    #expect(formatNumber(x) == expected)
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
