import Frame
import Render
import Testing

/// Issue 11 item 4: tables show data as typed and enough digits to tell shown values apart, at a settable
/// precision, without widening for rounding noise.
@Suite("Display digits in tables")
struct DisplayDigitsTests {
  func table(_ values: [Double], digits: Int = DisplayPrecision.defaultDigits) throws -> String {
    var style = TableStyle()
    style.digits = digits
    return renderTable(try DataFrame(columns: [Column(name: "x", floats: values)]), style: style)
  }

  @Test func dataPrintsAsTyped() throws {
    let t = try table([110.95, 1834.58, 29.85])
    #expect(t.contains("110.95") && t.contains("1834.58") && t.contains("29.85"))
  }

  @Test func closeValuesGetMoreDigits() throws {
    let t = try table([1.0000011, 1.0000012])
    #expect(t.contains("1.0000011") && t.contains("1.0000012"))
  }

  /// Collinear coefficients that differ only by rounding (phase 02's tenure and tenure_years) do not widen.
  @Test func roundingNoiseDoesNotWiden() throws {
    let t = try table([-0.204822096104937, -0.20482209610494, 0.835370983993912])
    #expect(t.contains("-0.204822") && !t.contains("-0.2048220"))
  }

  @Test func settablePrecision() throws {
    #expect(
      try table([3.14159265], digits: 3).contains("3.14") && !(try table([3.14159265], digits: 3)).contains("3.142"))
    #expect(try table([3.14159265], digits: 9).contains("3.14159265"))
  }

  @Test func pValueColumnsPrintBounds() throws {
    let f = try DataFrame(columns: [Column(name: "p_value", floats: [0, 1.7e-317, 0.5])])
    let t = renderTable(f)
    #expect(t.contains("<1e-300") && !t.contains("1.7e-317") && t.contains("0.5"))
  }
}
