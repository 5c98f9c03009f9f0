import Frame
import Render
import Stats
import Testing

@Suite("Report rendering")
struct ReportRendererTests {
  let ate = Estimate(label: "ATE", value: -0.13284, se: 0.00881, ciLow: -0.15011, ciHigh: -0.11557)

  @Test func estimateLine() {
    #expect(formatEstimate(ate) == "ATE: -0.132840 (SE 0.008810) [95% CI -0.150110, -0.115570]")
    var e = ate
    e.pValue = 1e-9
    e.n = 7043
    e.method = "influence function"
    e.level = 0.9
    #expect(
      formatEstimate(e)
        == "ATE: -0.132840 (SE 0.008810) [90% CI -0.150110, -0.115570], p<0.001, n=7043 (influence function)")
    e.pValue = 0.0421
    e.level = 0.975
    e.n = nil
    e.method = nil
    #expect(formatEstimate(e) == "ATE: -0.132840 (SE 0.008810) [97.5% CI -0.150110, -0.115570], p=0.042")
  }

  @Test func fullReport() throws {
    let table = try DataFrame(columns: [Column(name: "arm", strings: ["a", "b"]), Column(name: "n", ints: [10, 200])])
    let r = Report(
      title: "Effect of a discount",
      items: [
        .fields([.init("method", .string("AIPW")), .init("observations", .int(7043)), .init("trimmed", .missing)]),
        .estimate(ate),
        .warning("5 propensities clipped"),
        .table(table, title: "Arms"),
        .text("done"),
        .preformatted("##\n#"),
      ])
    let expected = """
      Effect of a discount
        method       : AIPW
        observations : 7043
        trimmed      : NA
      ATE: -0.132840 (SE 0.008810) [95% CI -0.150110, -0.115570]
      warning: 5 propensities clipped

      Arms
      arm    n
      ---  ---
      a     10
      b    200
      [2 rows x 2 columns]

      done

      ##
      #
      """
    #expect(renderReport(r) == expected)
  }
}

@Suite("Markdown reports")
struct MarkdownReportTests {
  @Test func shape() throws {
    let table = try DataFrame(columns: [Column(name: "arm", strings: ["a"]), Column(name: "n", ints: [10])])
    let r = Report(
      title: "Effect",
      items: [
        .fields([.init("method", .string("AIPW"))]),
        .estimate(Estimate(label: "ATE", value: -0.5, se: 0.1, ciLow: -0.7, ciHigh: -0.3)),
        .warning("tiny groups"),
        .table(table, title: "Arms"),
        .preformatted("#  #"),
      ])
    #expect(
      renderMarkdownReport(r) == """
        ## Effect

        | field  | value |
        | ------ | ----- |
        | method | AIPW  |

        **ATE**: -0.5000 (SE 0.1000) [95% CI -0.7000, -0.3000]

        > **Warning:** tiny groups

        **Arms**

        | arm |   n |
        | --- | --: |
        | a   |  10 |

        _1 rows x 2 columns_

        ```
        #  #
        ```
        """)
  }
}
