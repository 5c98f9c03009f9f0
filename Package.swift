// swift-tools-version: 6.0
// churn — a workbench for churn prediction and heterogeneous treatment effects.
// Layers (dependencies point downwards only):
//   churn (CLI) -> Lang -> Render, Policy -> Experiment -> Causal -> Learn -> Frame -> Stats
import PackageDescription

let package = Package(
  name: "churn",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "churn", targets: ["churn"]),
    .library(name: "ChurnLang", targets: ["Lang"]),
  ],
  targets: [
    .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    .target(name: "Stats"),
    .target(name: "Frame", dependencies: ["Stats"]),
    .target(name: "Learn", dependencies: ["Frame", "Stats"]),
    .target(name: "Causal", dependencies: ["Learn", "Frame", "Stats"]),
    .target(name: "Experiment", dependencies: ["Causal", "Learn", "Frame", "Stats"]),
    .target(name: "Policy", dependencies: ["Experiment", "Causal", "Learn", "Frame", "Stats"]),
    .target(name: "Render", dependencies: ["Frame", "Stats"]),
    .target(name: "Lang", dependencies: ["Policy", "Experiment", "Causal", "Learn", "Render", "Frame", "Stats"]),
    .executableTarget(name: "churn", dependencies: ["Lang", "CLibEdit"]),
    // Benchmark of the retention policy (scripts/bench/policy/README.md); not part of the CLI.
    .executableTarget(name: "policy-bench", dependencies: ["Policy", "Causal", "Learn", "Frame", "Stats"],
                      path: "scripts/bench/policy/Sources"),
    .testTarget(name: "StatsTests", dependencies: ["Stats"]),
    .testTarget(name: "FrameTests", dependencies: ["Frame", "Stats"]),
    .testTarget(name: "RenderTests", dependencies: ["Render", "Frame"]),
    .testTarget(name: "LearnTests", dependencies: ["Learn", "Frame", "Stats"]),
    .testTarget(name: "CausalTests", dependencies: ["Causal", "Learn", "Frame", "Stats"]),
    .testTarget(name: "ExperimentTests", dependencies: ["Experiment", "Frame", "Stats"]),
    .testTarget(name: "PolicyTests", dependencies: ["Policy", "Causal", "Learn", "Frame", "Stats"]),
    .testTarget(name: "LangTests", dependencies: ["Lang"]),
    .testTarget(name: "ChurnCLITests", dependencies: ["Lang"]),
  ]
)
