/// The service's routes: path, allowed method, and whether bearer auth applies.
enum ServeRoute: String, CaseIterable, Sendable {
  case recommend = "/v1/recommend"
  case batch = "/v1/recommend/batch"
  case outcomes = "/v1/outcomes"
  case health = "/health"
  case ready = "/ready"
  case metrics = "/metrics"

  /// The one method each route answers.
  var method: String {
    switch self {
    case .recommend, .batch, .outcomes: return "POST"
    case .health, .ready, .metrics: return "GET"
    }
  }

  /// Health and readiness stay open so load balancers can probe without a token.
  var needsAuth: Bool { self != .health && self != .ready }

  /// The route for a request path (a trailing slash is not the same path), if any.
  init?(path: String) { self.init(rawValue: path) }

  /// The metrics label for a path: the route, or `unmatched`.
  static func label(path: String) -> String { ServeRoute(path: path)?.rawValue ?? "unmatched" }
}
