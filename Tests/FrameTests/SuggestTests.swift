import Testing

@testable import Frame

/// Did-you-mean hints: a swapped pair of letters is one edit (issue 11 item 13: `gmb` → `gbm`).
struct SuggestTests {
  @Test func transpositionIsOneEdit() {
    #expect(editDistance("gmb", "gbm") == 1)
    #expect(editDistance("tenrue", "tenure") == 1)
    #expect(editDistance("kitten", "sitting") == 3)
    #expect(editDistance("", "abc") == 3)
    #expect(closestMatch(to: "gmb", among: ["logistic", "gbm", "forest"]) == "gbm")
    #expect(closestMatch(to: "zzz", among: ["logistic", "gbm", "forest"]) == nil)
  }
}
