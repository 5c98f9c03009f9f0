import Foundation
import Stats
import Testing

/// Stats' one sigmoid and softplus (used by logistic regression, the GLM nuisance learner, boosting and
/// the simulators).
@Suite struct LogisticTests {
  /// Reference values: Python 3.11, `scipy.special.expit(x)` and `numpy.logaddexp(0, x)` (scipy 1.17.1).
  @Test func matchesScipyOnBothTails() {
    // python3 -c "import numpy as np, scipy.special as s; x=np.array([-40,-3,0,0.5,3,40.]);
    //   print([repr(v) for v in s.expit(x)], [repr(v) for v in np.logaddexp(0,x)])"
    let x: [Double] = [-40, -3, 0, 0.5, 3, 40]
    let expit: [Double] = [
      4.248354255291589e-18, 0.04742587317756678, 0.5, 0.6224593312018546,
      0.9525741268224334, 1.0,
    ]
    let logaddexp: [Double] = [
      4.248354255291589e-18, 0.04858735157374206, 0.6931471805599453,
      0.9740769841801067, 3.048587351573742, 40.0,
    ]
    for i in x.indices {
      #expect(abs(sigmoid(x[i]) - expit[i]) <= 1e-15 * max(expit[i], 1e-300) + 1e-300, "sigmoid(\(x[i]))")
      #expect(abs(softplus(x[i]) - logaddexp[i]) <= 1e-15 * logaddexp[i], "softplus(\(x[i]))")
    }
  }

  @Test func doesNotOverflowFarOut() {
    #expect(sigmoid(-1000) == 0)
    #expect(sigmoid(1000) == 1)
    #expect(softplus(1000) == 1000)
    #expect(softplus(-1000) == 0)
    #expect(sigmoid(-800).isFinite && softplus(800).isFinite)
  }

  @Test func sigmoidIsTheDerivativeOfSoftplus() {
    for x in stride(from: -6.0, through: 6.0, by: 0.75) {
      let h = 1e-6
      let numeric = (softplus(x + h) - softplus(x - h)) / (2 * h)
      #expect(abs(numeric - sigmoid(x)) < 1e-8)
    }
  }
}
