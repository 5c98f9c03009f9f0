import Frame

/// The input columns a policy reads, with their types and (for text) the levels seen in training.
///
/// Built from the reference (training) frame for every column the churn model, the effect models or the
/// value expression uses. ``check(_:)`` refuses a frame to score that lacks a column, has it with another
/// type, or holds a text level never seen in training: the models would otherwise encode an unseen level
/// silently (the forests as all-zero dummies), so the policy refuses rather than recommend from a guess.
public struct FeatureSchema: Sendable, Equatable, Codable {
  /// One input column.
  public struct Feature: Sendable, Equatable, Codable {
    /// Column name.
    public var name: String
    /// `numeric` (int or float), `bool` or `text`.
    public var type: Kind
    /// Sorted levels seen in training (text columns only).
    public var levels: [String]

    /// A feature.
    public init(name: String, type: Kind, levels: [String] = []) {
      self.name = name
      self.type = type
      self.levels = levels
    }
  }

  /// The role of a column's values.
  public enum Kind: String, Sendable, Equatable, Codable { case numeric, bool, text }

  /// The features, sorted by name.
  public var features: [Feature]

  /// A schema of `features` (sorted by name).
  public init(features: [Feature]) { self.features = features.sorted { $0.name < $1.name } }

  /// The schema of `columns` of `frame`.
  public init(frame: DataFrame, columns: [String]) throws {
    var out: [Feature] = []
    for name in Array(Set(columns)).sorted() {
      guard let c = frame[name] else {
        let hint = closestMatch(to: name, among: frame.columnNames).map { " (did you mean '\($0)'?)" } ?? ""
        throw PolicyError.schema("the reference frame has no column '\(name)'\(hint)")
      }
      switch c.storage {
      case .float, .int: out.append(Feature(name: name, type: .numeric))
      case .bool: out.append(Feature(name: name, type: .bool))
      case .string(let codes, let levels):
        var used = Set<Int32>()
        for i in 0..<codes.count where !c.isMissing(i) { used.insert(codes[i]) }
        out.append(Feature(name: name, type: .text, levels: used.map { levels[Int($0)] }.sorted()))
      }
    }
    self.init(features: out)
  }

  /// Column names, sorted.
  public var names: [String] { features.map(\.name) }

  /// Throws ``PolicyError/schema(_:)`` naming every missing column, a type change, or the first unseen
  /// level of each text column (with how many rows hold unseen levels and the known levels).
  public func check(_ frame: DataFrame) throws {
    let missing = features.filter { frame[$0.name] == nil }.map(\.name)
    if !missing.isEmpty {
      throw PolicyError.schema(
        "the frame lacks column\(missing.count == 1 ? "" : "s") "
          + missing.map { "'\($0)'" }.joined(separator: ", ") + " that the policy uses; add "
          + (missing.count == 1 ? "it" : "them") + " (the policy needs: \(names.joined(separator: ", ")))")
    }
    var problems: [String] = []
    for f in features {
      guard let c = frame[f.name] else { continue }
      switch (f.type, c.storage) {
      case (.numeric, .float), (.numeric, .int), (.bool, .bool), (.numeric, .bool), (.bool, .float), (.bool, .int):
        continue
      case (.text, .string(let codes, let levels)):
        let known = Set(f.levels)
        var unseenRows = 0, firstLevel: String? = nil, firstRow = 0
        let unseenCode = levels.map { !known.contains($0) }
        for i in 0..<codes.count where !c.isMissing(i) && unseenCode[Int(codes[i])] {
          if firstLevel == nil {
            firstLevel = levels[Int(codes[i])]
            firstRow = i
          }
          unseenRows += 1
        }
        if let firstLevel {
          problems.append(
            "column '\(f.name)' has level '\(firstLevel)' (row \(firstRow + 1); \(unseenRows) row"
              + "\(unseenRows == 1 ? "" : "s") in all) never seen in training (known: \(f.levels.joined(separator: ", ")))"
          )
        }
      default:
        problems.append("column '\(f.name)' was \(f.type.rawValue) in training but is \(c.type.rawValue) now")
      }
    }
    if !problems.isEmpty {
      throw PolicyError.schema(
        problems.joined(separator: "; ") + "; the policy refuses rather than guess: recode "
          + "those rows to a known level or refit the policy on data that has them")
    }
  }
}
