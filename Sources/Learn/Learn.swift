// Module Learn: see docs/ARCHITECTURE.md.
