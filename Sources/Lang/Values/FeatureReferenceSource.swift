import Causal
import Foundation
import Frame
import Policy
import Render

/// A language object that carries training-data feature distributions, so `drift NEW against X` can
/// check new data against it (a saved retention policy conforms to this).
protocol FeatureReferenceSource {
  /// The reference distributions, one per feature.
  var featureReferences: [FeatureReference] { get }
}
