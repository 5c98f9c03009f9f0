#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why `path` cannot be written, in plain words for an error message (never Foundation's
/// "NSCocoaErrorDomain error 512"): `directory 'out' does not exist`, `'out' is a directory`,
/// `permission denied in directory 'out'`, or the system's reason. Call it after a write failed.
public func fileWriteProblem(_ path: String) -> String {
  let dir = parentDirectory(of: path)
  var st = stat()
  if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { return "'\(path)' is a directory" }
  if stat(dir, &st) != 0 { return "directory '\(dir)' does not exist; create it first or choose another path" }
  if (st.st_mode & S_IFMT) != S_IFDIR { return "'\(dir)' is not a directory" }
  if access(dir, W_OK) != 0 { return "permission denied in directory '\(dir)'" }
  if access(path, F_OK) == 0 && access(path, W_OK) != 0 { return "permission denied: '\(path)' is read-only" }
  return "the disk may be full or the file system read-only"
}

/// Why `path` cannot be read, in plain words: `no such file`, `it is a directory`, `permission denied`.
public func fileReadProblem(_ path: String) -> String {
  var st = stat()
  if stat(path, &st) != 0 {
    let dir = parentDirectory(of: path)
    if stat(dir, &st) != 0 { return "no such file (directory '\(dir)' does not exist)" }
    return "no such file"
  }
  if (st.st_mode & S_IFMT) == S_IFDIR { return "it is a directory, not a file" }
  if access(path, R_OK) != 0 { return "permission denied" }
  return "it could not be read"
}

/// The directory part of a path ("." when there is none).
func parentDirectory(of path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return "." }
  let d = String(path[..<slash])
  return d.isEmpty ? "/" : d
}
