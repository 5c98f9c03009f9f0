// Modules re-exported by Lang, so the CLI, embedders and tests can use frames, estimates and
// renderers directly.
@_exported import Frame
@_exported import Render
@_exported import Stats

/// The version printed by `churn --version`.
public let churnVersion = "0.1.0"
