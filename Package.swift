// swift-tools-version: 6.0
// churn — a workbench for churn prediction and heterogeneous treatment effects.
// Layers (dependencies point downwards only):
//   churn (CLI) -> Lang -> Render, Policy -> Experiment -> Causal -> Learn -> Frame -> Stats
// The decision service (Serve, churn-serve) sits beside Lang on top of Policy; it alone pulls in the
// server packages (Hummingbird, GRDB, postgres-nio, metrics), so `swift build --product churn` never builds them.
import PackageDescription

// The numeric layers are compiled with cross-module optimization, so their generic kernels and small
// helpers are specialized and inlined into the layers above (measured in
// scripts/bench/causal_forest/README.md: about 3% less CPU for phase 04, identical output).
let numeric: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"])]

let package = Package(
  name: "churn",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "churn", targets: ["churn"]),
    .library(name: "ChurnLang", targets: ["Lang"]),
    .executable(name: "churn-serve", targets: ["churn-serve"]),
  ],
  dependencies: [
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
  ],
  targets: [
    .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .target(name: "Stats", swiftSettings: numeric),
    .target(name: "Frame", dependencies: ["Stats"], swiftSettings: numeric),
    .target(name: "Learn", dependencies: ["Frame", "Stats"], swiftSettings: numeric),
    .target(name: "Causal", dependencies: ["Learn", "Frame", "Stats"], swiftSettings: numeric),
    .target(name: "Experiment", dependencies: ["Causal", "Learn", "Frame", "Stats"]),
    .target(name: "Policy", dependencies: ["Experiment", "Causal", "Learn", "Frame", "Stats"]),
    .target(name: "Render", dependencies: ["Frame", "Stats"]),
    .target(name: "DecisionLog", dependencies: ["CSQLite", "Render", "Frame"]),
    .target(
      name: "Lang",
      dependencies: ["Policy", "DecisionLog", "Experiment", "Causal", "Learn", "Render", "Frame", "Stats"]),
    .executableTarget(name: "churn", dependencies: ["Lang", "CLibEdit"]),
    .target(
      name: "Serve",
      dependencies: [
        "Policy", "Render", "Frame", "Stats",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
      ]),
    .executableTarget(name: "churn-serve", dependencies: ["Serve"]),
    // Benchmark of the retention policy (scripts/bench/policy/README.md); not part of the CLI.
    .executableTarget(
      name: "policy-bench", dependencies: ["Policy", "Causal", "Learn", "Frame", "Stats"],
      path: "scripts/bench/policy/Sources"),
    // Benchmark of saved-object files (scripts/bench/persistence/README.md); not part of the CLI.
    .executableTarget(
      name: "persistence-bench", dependencies: ["Causal", "Learn", "Frame", "Stats"],
      path: "scripts/bench/persistence/Sources"),
    .testTarget(name: "StatsTests", dependencies: ["Stats"]),
    .testTarget(name: "FrameTests", dependencies: ["Frame", "Stats"]),
    .testTarget(name: "RenderTests", dependencies: ["Render", "Frame"]),
    .testTarget(name: "LearnTests", dependencies: ["Learn", "Frame", "Stats"], exclude: ["Fixtures"]),
    .testTarget(name: "CausalTests", dependencies: ["Causal", "Learn", "Frame", "Stats"]),
    .testTarget(name: "ExperimentTests", dependencies: ["Experiment", "Frame", "Stats"]),
    .testTarget(name: "PolicyTests", dependencies: ["Policy", "Causal", "Learn", "Frame", "Stats"]),
    .testTarget(name: "LangTests", dependencies: ["Lang"], exclude: ["Fixtures"]),
    .testTarget(name: "ChurnCLITests", dependencies: ["Lang"], exclude: ["Golden"]),
    .testTarget(
      name: "ServeTests",
      dependencies: [
        "Serve", "DecisionLog", "Lang", "Policy", "Causal", "Learn", "Render", "Frame", "Stats",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
      ]),
  ]
)
