// Module Causal: see docs/ARCHITECTURE.md.
