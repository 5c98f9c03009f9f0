import Hummingbird
import Logging
import NIOCore
import Render
import Synchronization

/// The HTTP front: routing, content-type and size checks, bearer auth, JSON errors, metrics and the access log.
///
/// One responder handles every request so that unknown paths (404), wrong methods (405), bad bodies (400/413/415)
/// and auth failures (401) all answer with the same JSON error shape, and only a server fault can be a 5xx.
/// The access log names method, route label, status and latency — never a request body or customer field.
public struct ServeResponder: HTTPResponder {
  public typealias Context = BasicRequestContext

  let service: DecisionService
  let auth: BearerAuth?
  let maxBodyBytes: Int
  let logger: Logger
  let shuttingDown: ShutdownFlag

  /// A responder over `service`; `auth` nil leaves every route open.
  public init(
    service: DecisionService, auth: BearerAuth?, maxBodyBytes: Int, logger: Logger, shuttingDown: ShutdownFlag
  ) {
    self.service = service
    self.auth = auth
    self.maxBodyBytes = maxBodyBytes
    self.logger = logger
    self.shuttingDown = shuttingDown
  }

  /// Answers one request.
  public func respond(to request: Request, context: Context) async throws -> Response {
    let start = ContinuousClock.now
    let path = request.uri.path
    let response: Response
    do {
      response = try await route(request, path: path)
    } catch let e as APIError {
      response = errorResponse(e)
    } catch is NIOTooManyBytesError {
      response = errorResponse(tooLarge)
    } catch is LogClosedError {
      response = errorResponse(
        APIError(status: 503, code: "shutting_down", message: "the server is shutting down; retry on another replica"))
    } catch let e as LogUnavailableError {
      logger.error(
        "decision log unavailable",
        metadata: ["route": .string(ServeRoute.label(path: path)), "cause": .string(e.cause)])
      response = errorResponse(
        APIError(
          status: 503, code: "log_unavailable",
          message: "the decision could not be logged, so none was made; retry later or on another replica"))
    } catch {
      logger.error(
        "internal error",
        metadata: [
          "route": .string(ServeRoute.label(path: path)), "error": .string(String(describing: type(of: error))),
        ])
      response = jsonResponse(
        .object([("error", .string("internal")), ("message", .string("internal server error"))]),
        status: .internalServerError)
    }
    let elapsed = ContinuousClock.now - start
    let label = ServeRoute.label(path: path)
    service.metrics.request(route: label, status: response.status.code, duration: elapsed)
    logger.debug(
      "request",
      metadata: [
        "method": .string(request.method.rawValue), "route": .string(label),
        "status": .stringConvertible(response.status.code),
        "ms": .string(String(Double(elapsed.nanoseconds / 1000) / 1000)),
      ])
    return response
  }

  private var tooLarge: APIError {
    APIError(
      status: 413, code: "body_too_large",
      message: "the body is larger than this server's limit of \(maxBodyBytes) bytes",
      fields: [FieldProblem(field: "$", problem: "body over \(maxBodyBytes) bytes; send fewer customers per batch")])
  }

  private func route(_ request: Request, path: String) async throws -> Response {
    guard let route = ServeRoute(path: path) else {
      throw APIError(
        status: 404, code: "not_found",
        message: "no route \(String(path.prefix(200))); routes are "
          + ServeRoute.allCases.map { "\($0.method) \($0.rawValue)" }.joined(separator: ", "))
    }
    guard request.method.rawValue == route.method else {
      let e = APIError(
        status: 405, code: "method_not_allowed", message: "\(route.rawValue) accepts \(route.method) only")
      return jsonResponse(e.json, status: .methodNotAllowed, headers: [.allow: route.method])
    }
    if route.needsAuth, let auth, !auth.accepts(authorization: request.headers[.authorization]) {
      throw APIError.unauthorized
    }
    switch route {
    case .health:
      return jsonResponse(.object([("status", .string("ok"))]))
    case .ready:
      if shuttingDown.isSet {
        return jsonResponse(
          .object([("status", .string("shutting_down")), ("reason", .string("the server is shutting down"))]),
          status: .serviceUnavailable)
      }
      if let cause = await service.log.readiness() {
        return jsonResponse(
          .object([
            ("status", .string("log_unavailable")),
            ("reason", .string("the decision log cannot commit: \(cause)")),
          ]), status: .serviceUnavailable)
      }
      return jsonResponse(
        .object([("status", .string("ready")), ("policy_version", .string(service.engine.policyVersion))]))
    case .metrics:
      return Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: service.metrics.exposition())))
    case .recommend:
      let key = try idempotencyKey(request)
      return reply(try await service.recommend(try await jsonBody(request), idempotencyKey: key))
    case .batch:
      return reply(try await service.batch(try await jsonBody(request)))
    case .outcomes:
      let key = try idempotencyKey(request)
      return reply(try await service.outcome(try await jsonBody(request), idempotencyKey: key))
    }
  }

  /// The response for a service reply; a replayed one says so in `Idempotent-Replayed: true`.
  private func reply(_ r: ServiceReply) -> Response {
    var headers: HTTPFields = [.contentType: "application/json"]
    if r.replayed { headers[Self.replayedHeader] = "true" }
    return Response(
      status: HTTPResponse.Status(code: r.status), headers: headers,
      body: ResponseBody(byteBuffer: ByteBuffer(string: r.body)))
  }

  static let keyHeader = HTTPFields.Element.Name("Idempotency-Key")!
  static let replayedHeader = HTTPFields.Element.Name("Idempotent-Replayed")!

  /// The `Idempotency-Key` header, if sent: 1 to 255 visible ASCII characters, at most one.
  private func idempotencyKey(_ request: Request) throws -> String? {
    let values = request.headers[values: Self.keyHeader]
    guard let key = values.first else { return nil }
    let visible = key.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    guard values.count == 1, !key.isEmpty, key.utf8.count <= 255, visible else {
      let problem =
        values.count > 1
        ? "sent \(values.count) times; send it once"
        : "expected 1 to 255 visible ASCII characters (e.g. a UUID), got \(key.utf8.count) bytes"
          + (visible ? "" : " with spaces or non-ASCII")
      throw APIError(
        status: 400, code: "invalid_idempotency_key", message: "the Idempotency-Key header is not usable: \(problem)",
        fields: [FieldProblem(field: "Idempotency-Key", problem: problem)])
    }
    return key
  }

  /// The request body as JSON: content type `application/json`, at most `maxBodyBytes`, non-empty UTF-8.
  private func jsonBody(_ request: Request) async throws -> JSONValue {
    let type = request.headers[.contentType]?.lowercased() ?? ""
    let mediaType = type.split(separator: ";").first.map { $0.trimmingCharacters(in: " \t") } ?? ""
    guard mediaType == "application/json" else {
      throw APIError(
        status: 415, code: "unsupported_media_type",
        message: "send the body as JSON with Content-Type: application/json"
          + (type.isEmpty ? " (no Content-Type was given)" : " (got \(String(type.prefix(100))))"))
    }
    if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes { throw tooLarge }
    let buffer = try await request.body.collect(upTo: maxBodyBytes)
    guard buffer.readableBytes > 0 else {
      throw APIError(
        status: 400, code: "empty_body", message: "the body is empty; send a JSON object",
        fields: [FieldProblem(field: "$", problem: "empty body")])
    }
    guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
      throw APIError(
        status: 400, code: "malformed_json", message: "the body is not valid UTF-8",
        fields: [FieldProblem(field: "$", problem: "not UTF-8 text")])
    }
    do {
      return try parseJSON(text)
    } catch let e as JSONParseError {
      throw APIError(
        status: 400, code: "malformed_json", message: "the body is not valid JSON: \(e.description)",
        fields: [FieldProblem(field: "$", problem: e.description)])
    }
  }
}

/// Set once graceful shutdown begins; `/ready` then answers 503 so load balancers stop routing here.
public final class ShutdownFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  /// A cleared flag.
  public init() {}
  /// Whether shutdown has begun.
  public var isSet: Bool { flag.load(ordering: .acquiring) }
  /// Marks shutdown.
  public func set() { flag.store(true, ordering: .releasing) }
}
