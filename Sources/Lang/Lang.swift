// Module Lang: see docs/ARCHITECTURE.md.
