// Module Render: see docs/ARCHITECTURE.md.
