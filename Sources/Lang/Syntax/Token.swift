/// The kind of a lexical token.
public enum TokenKind: Sendable, Equatable {
  case identifier  // name, or `quoted name` in backticks
  case integer
  case number
  case string
  case keyword  // let param true false NA and or not in
  case punct  // ( ) [ ] { } , : . = == != < <= > >= + - * / ^ % ~ | |> && || !
  case newline  // end of a statement
  case eof
}

/// One token: its kind, its text (decoded for strings and backtick names), and where it is.
public struct Token: Sendable, Equatable {
  public var kind: TokenKind
  /// Identifier name, keyword, punctuation symbol, number text, or the decoded string value.
  public var text: String
  public var span: Span
  /// Whether whitespace (or a line break) comes right before the token.
  public var spaceBefore: Bool

  public init(_ kind: TokenKind, _ text: String, _ span: Span, spaceBefore: Bool) {
    self.kind = kind
    self.text = text
    self.span = span
    self.spaceBefore = spaceBefore
  }

  /// True for the punctuation `symbol`.
  @inline(__always) public func isPunct(_ symbol: String) -> Bool { kind == .punct && text == symbol }
  /// True for the keyword `word`.
  @inline(__always) public func isKeyword(_ word: String) -> Bool { kind == .keyword && text == word }
  /// True for a plain identifier spelled `name` (contextual words such as `on` and `with`).
  @inline(__always) public func isWord(_ name: String) -> Bool { kind == .identifier && text == name }

  /// True when the statement cannot end after this token, so a following line break continues it.
  public var continuesLine: Bool {
    switch kind {
    case .punct:
      return !([")", "]", "}", "."] as Set<String>).contains(text)
    case .keyword:
      return ["and", "or", "not", "in"].contains(text)
    default:
      return false
    }
  }

  /// A short description for "expected X, found Y" messages.
  public var display: String {
    switch kind {
    case .eof: return "end of input"
    case .newline: return "end of line"
    case .string: return "string \"\(text)\""
    case .identifier: return "'\(text)'"
    default: return "'\(text)'"
    }
  }
}

/// Reserved words of the language.
public let languageKeywords: Set<String> = ["let", "param", "true", "false", "NA", "and", "or", "not", "in"]
