/// The inline style sheet of HTML notebook reports: system fonts only, readable from 320 px phones to
/// desktops (tables and code scroll sideways inside their box, plots scale to the width), dark-on-light
/// colours with a colour-blind-safe accent, and print rules (no navigation, no boxes split across pages).
let notebookCSS = """
  :root { --fg: #1d1d1f; --muted: #5f6368; --line: #d9dce1; --code-bg: #f5f6f8; --out-bg: #ffffff;
    --accent: #0072B2; --warn-bg: #fff6e0; --warn: #8a5a00; --err-bg: #fdecea; --err: #a61b1b; }
  * { box-sizing: border-box; }
  html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
  body { margin: 0 auto; max-width: 60rem; padding: 1rem; color: var(--fg); background: #fff;
    font: 16px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
  h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 0.75rem; }
  h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
  h3 { font-size: 1.15rem; margin: 1.5rem 0 0.4rem; }
  h4, h5, h6 { font-size: 1rem; margin: 1.2rem 0 0.3rem; }
  a { color: var(--accent); }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
  p code, li code, dd code, td code { background: var(--code-bg); padding: 0 0.2em; border-radius: 3px; font-size: 0.9em;
    overflow-wrap: anywhere; }
  pre { margin: 0; padding: 0.6rem 0.75rem; overflow-x: auto; font-size: 0.8rem; line-height: 1.4; }
  header { border-bottom: 2px solid var(--line); margin-bottom: 1rem; }
  dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.75rem; margin: 0 0 0.75rem;
    font-size: 0.9rem; }
  dl.meta dt { color: var(--muted); }
  dl.meta dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
  table.inputs td:first-child code { overflow-wrap: normal; white-space: nowrap; }
  code.hash { font-size: 0.75rem; overflow-wrap: anywhere; word-break: break-all; }
  .bad { color: var(--err); font-weight: 600; }
  nav.toc { background: var(--code-bg); border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; font-size: 0.95rem; }
  nav.toc .toc-title { font-weight: 600; margin: 0.2rem 0; }
  nav.toc ul { list-style: none; margin: 0; padding: 0; }
  nav.toc li { margin: 0.15rem 0; }
  nav.toc .toc-l2 { padding-left: 1rem; } nav.toc .toc-l3 { padding-left: 2rem; } nav.toc .toc-l4 { padding-left: 3rem; }
  section.prose { margin: 1rem 0; }
  blockquote { margin: 0.5rem 0; padding: 0.2rem 0.9rem; border-left: 4px solid var(--line); color: var(--muted); }
  .cell { margin: 1rem 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
  .cell > * + * { border-top: 1px solid var(--line); }
  pre.code { background: var(--code-bg); position: relative; padding-top: 1.3rem; white-space: pre-wrap;
    overflow-wrap: anywhere; }
  pre.code .ln { position: absolute; top: 0.2rem; right: 0.6rem; font-size: 0.7rem; color: var(--muted); }
  pre.code .c { color: #4f6b2d; }
  .cell.not-run pre.code { opacity: 0.6; }
  p.note { margin: 0; padding: 0.3rem 0.75rem; font-size: 0.85rem; color: var(--muted); }
  pre.out { background: var(--out-bg); overflow-x: auto; }
  pre.diag { white-space: pre; }
  pre.warning { background: var(--warn-bg); color: var(--warn); }
  pre.error { background: var(--err-bg); color: var(--err); font-weight: 600; }
  .result { padding: 0.5rem 0.75rem; }
  .result > pre.out { padding: 0.3rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  .report-title { font-weight: 600; margin: 0 0 0.4rem; }
  .estimate { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.85rem;
    margin: 0.3rem 0; overflow-wrap: anywhere; }
  div.warning { background: var(--warn-bg); color: var(--warn); padding: 0.3rem 0.6rem; border-radius: 4px; margin: 0.4rem 0;
    font-size: 0.9rem; }
  div.table { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0.3rem 0; max-width: 100%; }
  table { border-collapse: collapse; font-size: 0.82rem; font-variant-numeric: tabular-nums; }
  caption { text-align: left; font-weight: 600; padding: 0.2rem 0; caption-side: top; }
  th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; vertical-align: top; }
  thead th { border-bottom: 2px solid #b8bcc4; background: #fafbfc; }
  .num { text-align: right; }
  table.fields th { font-weight: normal; color: var(--muted); white-space: normal; min-width: 8rem; }
  table.fields td { white-space: normal; overflow-wrap: anywhere; min-width: 12ch; }
  tr.elided td { text-align: center; color: var(--muted); }
  p.shape { margin: 0.1rem 0 0; font-size: 0.75rem; color: var(--muted); }
  figure.plot { margin: 0; padding: 0.5rem; background: #fff; overflow-x: auto; }
  figure.plot svg { display: block; width: 100%; min-width: 30rem; max-width: 42rem; height: auto; margin: 0 auto; }
  table.inputs td { white-space: normal; }
  footer { margin-top: 2rem; padding-top: 0.5rem; border-top: 1px solid var(--line); font-size: 0.8rem; color: var(--muted); }
  @media (max-width: 600px) {
    body { padding: 0.6rem; font-size: 15px; }
    h1 { font-size: 1.35rem; }
    pre { font-size: 0.72rem; }
    table { font-size: 0.75rem; }
  }
  @media print {
    body { max-width: none; padding: 0; font-size: 11pt; }
    nav.toc { display: none; }
    a { color: inherit; text-decoration: none; }
    .cell, figure.plot, table { break-inside: avoid; page-break-inside: avoid; }
    h2, h3 { break-after: avoid; page-break-after: avoid; }
    pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
    div.table { overflow: visible; }
    figure.plot svg { min-width: 0; }
    .cell { border-color: #999; }
  }
  """
