import Frame

extension ModelTask {
  /// The task a column suggests: classification for bool, two-level text, or numbers that are all 0/1;
  /// regression for other numbers. Throws for text with more than two levels.
  public static func infer(from column: Column) throws -> ModelTask {
    switch column.storage {
    case .bool: return .classification
    case .string: return .classification
    case .float, .int:
      for i in 0..<column.count {
        if let v = column.double(at: i), v != 0 && v != 1 { return .regression }
      }
      return .classification
    }
  }
}
