// Module Policy: per-customer decisions with costs and values, budgets, doubly robust policy evaluation,
// policy trees, saved policies and drift statistics. It sits above Causal and Experiment and below Lang;
// a saved policy is evaluated without the language, so the decision service needs no interpreter.
// See docs/ARCHITECTURE.md.
