// Module Experiment: randomized experiments — power and sample size, randomization, sample-ratio checks,
// A/B analysis, always-valid monitoring, validation of predicted effects on an experiment, and bandits.
// It sits above Causal (it may use its estimators and forests) and below Policy and Lang; it knows nothing
// of the language. See docs/ARCHITECTURE.md.
