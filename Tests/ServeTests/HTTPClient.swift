import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A deliberately small HTTP/1.1 client over a raw socket, so tests can send exactly the bytes they mean
/// (no content type, wrong methods, broken bodies) to a server on loopback. One request per connection.
struct HTTPReply {
  var status: Int
  var headers: [String: String]
  var body: String
}

enum HTTPClientError: Error {
  case connect(Int32)
  case send
  case receive(String)
  case malformed(String)
}

func http(
  _ method: String, port: Int, path: String, body: String? = nil, contentType: String? = "application/json",
  headers: [String: String] = [:], timeout: Int = 30
) throws -> HTTPReply {
  var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
  if let contentType { head += "Content-Type: \(contentType)\r\n" }
  for (k, v) in headers.sorted(by: { $0.key < $1.key }) { head += "\(k): \(v)\r\n" }
  let bytes = Array((body ?? "").utf8)
  if body != nil || method == "POST" { head += "Content-Length: \(bytes.count)\r\n" }
  head += "\r\n"
  return try exchange(port: port, request: Array(head.utf8) + bytes, timeout: timeout)
}

func exchange(port: Int, request: [UInt8], timeout: Int = 30) throws -> HTTPReply {
  try exchange(port: port, parts: [request], between: {}, timeout: timeout)
}

/// Sends `parts` one after another on one connection, calling `between()` after each part but the last (so a
/// test can act while a request is half sent), then reads the reply.
func exchange(port: Int, parts: [[UInt8]], between: () -> Void, timeout: Int = 30) throws -> HTTPReply {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard fd >= 0 else { throw HTTPClientError.connect(errno) }
  defer { close(fd) }
  var tv = timeval(tv_sec: timeout, tv_usec: 0)
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
  var addr = sockaddr_in()
  addr.sin_family = sa_family_t(AF_INET)
  addr.sin_port = in_port_t(UInt16(port).bigEndian)
  addr.sin_addr.s_addr = inet_addr("127.0.0.1")
  let rc = withUnsafePointer(to: &addr) { p in
    p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
  }
  guard rc == 0 else { throw HTTPClientError.connect(errno) }
  for (k, request) in parts.enumerated() {
    var sent = 0
    while sent < request.count {
      let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { break }  // the server may answer (413) and close before reading everything
      sent += n
    }
    if k < parts.count - 1 { between() }
  }
  var data: [UInt8] = []
  var buf = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = recv(fd, &buf, buf.count, 0)
    if n > 0 {
      data.append(contentsOf: buf[0..<n])
      continue
    }
    if n == 0 || data.count > 0 { break }
    throw HTTPClientError.receive("recv failed: errno \(errno)")
  }
  return try parseReply(data)
}

func parseReply(_ data: [UInt8]) throws -> HTTPReply {
  guard
    let split = data.indices.first(where: { i in
      i + 3 < data.count && data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10
    })
  else { throw HTTPClientError.malformed("no header end in \(data.count) bytes") }
  let head = String(decoding: data[..<split], as: UTF8.self).components(separatedBy: "\r\n")
  let statusParts = head[0].split(separator: " ")
  guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw HTTPClientError.malformed(head[0]) }
  var headers: [String: String] = [:]
  for line in head.dropFirst() {
    guard let c = line.firstIndex(of: ":") else { continue }
    headers[line[..<c].lowercased()] = line[line.index(after: c)...].trimmingCharacters(in: .whitespaces)
  }
  var body = Array(data[(split + 4)...])
  if headers["transfer-encoding"]?.lowercased() == "chunked" {
    var out: [UInt8] = [], i = 0
    while i < body.count {
      guard let eol = body[i...].firstIndex(of: 13) else { break }
      let size = Int(String(decoding: body[i..<eol], as: UTF8.self), radix: 16) ?? 0
      if size == 0 { break }
      out.append(contentsOf: body[(eol + 2)..<min(body.count, eol + 2 + size)])
      i = eol + 2 + size + 2
    }
    body = out
  }
  return HTTPReply(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
}
