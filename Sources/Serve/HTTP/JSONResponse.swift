import Hummingbird
import Render

/// A JSON response with the given status.
func jsonResponse(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
  var headers = extra
  headers[.contentType] = "application/json"
  return Response(
    status: status, headers: headers,
    body: ResponseBody(byteBuffer: ByteBuffer(string: renderJSON(value, pretty: false))))
}

/// The response for a client error.
func errorResponse(_ e: APIError) -> Response {
  var extra: HTTPFields = [:]
  if e.status == 401 { extra[.wwwAuthenticate] = "Bearer" }
  return jsonResponse(e.json, status: HTTPResponse.Status(code: e.status), headers: extra)
}
