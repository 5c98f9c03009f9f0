#!/usr/bin/env python3
"""Summary tables for docs/RESULTS.md, built from the phase scripts' own values.

Usage: summary.py DIR   where DIR holds NN_name.json files written by `churn run … --values NN_name.json`.

Every number comes from those files (the values the scripts computed and printed); nothing is typed here.
Results are found by what they are, not by line number: evaluations of churn models, estimates of average
effects, frames with known column names (true_ate, pehe, coverage, dr_ate, cost_per_customer_saved, …), so
rewording a script's comments does not break the summary. A table whose inputs a run does not print says so.
"""
import json
import os
import sys


def load(d, name):
    path = os.path.join(d, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def fmt(x, digits=4):
    if x is None:
        return "NA"
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        if x != x:
            return "NA"
        if x == 0:
            return "0"
        if abs(x) < 1e-300:
            return "<1e-300"
        s = f"{x:.{digits}g}"
        return s
    return str(x)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    return "\n".join(out)


def record_table(d):
    """A dict as a table: one row when it has a few keys, else one `name | value` line per key."""
    if len(d) <= 5:
        return table(list(d.keys()), [[fmt(v) for v in d.values()]])
    return table(["", "value"], [[k, fmt(v)] for k, v in d.items()])


def items(report):
    return report.get("items", []) if isinstance(report, dict) else []


def fields(report):
    out = {}
    for it in items(report):
        if it.get("kind") == "fields":
            out.update(it.get("fields", {}))
    return out


def estimates(report):
    return [it["estimate"] for it in items(report) if it.get("kind") == "estimate"]


def frame_rows(value):
    """Rows of a frame value ({"columns": [...], "data": {...}}) as dicts."""
    if not isinstance(value, dict) or "data" not in value:
        return []
    cols = [c["name"] for c in value.get("columns", [])]
    n = value.get("rows", 0)
    return [{c: value["data"][c][i] for c in cols} for i in range(n)]


def results(doc):
    return doc.get("results", []) if doc else []


def frames_with(doc, *columns):
    """Printed frames that have all the given columns, as (statement, rows)."""
    found = []
    for r in results(doc):
        if r.get("type") != "frame":
            continue
        rows = frame_rows(r.get("value"))
        if rows and all(c in rows[0] for c in columns):
            found.append((r["statement"], rows))
    return found


def code(s, limit=70):
    s = " ".join(s.split())
    return "`" + (s if len(s) <= limit else s[: limit - 1] + "…") + "`"


def estimate_row(label, e):
    return [label, fmt(e.get("value")), fmt(e.get("se")),
            f"[{fmt(e.get('ci_low'))}, {fmt(e.get('ci_high'))}]", fmt(e.get("p_value")), fmt(e.get("n"))]


EST_HEADER = ["estimate", "value", "SE", "95% CI", "p", "n"]


def model_metrics(docs):
    rows = []
    for phase in ("02_churn_prediction", "06_production"):
        for r in results(docs.get(phase)):
            if r.get("type") != "evaluation":
                continue
            f = fields(r["value"])
            rows.append([phase[:2], code(r["statement"], 40), fmt(f.get("rows")), fmt(f.get("auc")), fmt(f.get("pr_auc")),
                         fmt(f.get("log_loss")), fmt(f.get("brier")), fmt(f.get("accuracy"))])
    if not rows:
        return "_No model evaluations were printed._"
    return table(["phase", "evaluation (held-out rows)", "rows", "AUC", "PR AUC", "log loss", "Brier", "accuracy"], rows)


def causal_estimates(docs):
    doc = docs.get("03_causal_inference")
    rows = []
    for r in results(doc):
        if r.get("type") != "estimate":
            continue
        title = r["value"].get("title", "")
        for e in estimates(r["value"]):
            rows.append(estimate_row(title or e.get("label", ""), e))
    if not rows:
        return "_No average effects were printed._"
    out = table(EST_HEADER, rows)
    truth = frames_with(doc, "true_ate")
    if truth:
        # The printed frame with the most true_* columns (true_ate, true_att, true_ato …).
        stmt, rows = max(truth, key=lambda t: sum(k.startswith("true_") for k in t[1][0]))
        extra = ", ".join(f"{k} = {fmt(v)}" for k, v in rows[0].items() if k.startswith("true_"))
        out += f"\n\nTruth from the simulator ({code(stmt)}): {extra}."
    return out


def heterogeneity(docs):
    parts = []
    doc4 = docs.get("04_heterogeneous_effects")
    pehe = frames_with(doc4, "pehe", "coverage")
    if pehe:
        rows = []
        for stmt, fr in pehe:
            row = fr[0]
            rows.append([code(stmt, 60), fmt(row.get("pehe")), fmt(row.get("coverage")), fmt(row.get("mean_se"))])
        parts.append("Causal forests against the simulator's true effects (phase 04):\n\n"
                     + table(["rows scored", "PEHE", "CI coverage", "mean SE"], rows))
    rate_rows = []
    for r in results(doc4):
        st = r["statement"].lstrip()
        if r.get("type") == "object" or not isinstance(r.get("value"), dict):
            continue
        if st.startswith(("rate ", "calibration_test", "ate cf", "qini")):
            for e in estimates(r["value"]):
                rate_rows.append(estimate_row(code(st, 50) + " " + e.get("label", ""), e))
    if rate_rows:
        parts.append("Average effect, calibration and ranking tests of the forest (phase 04):\n\n"
                     + table(EST_HEADER, rate_rows))
    sd = frames_with(docs.get("06_production"), "churn_auc")
    if sd:
        row = sd[0][1][0]
        parts.append("Spread of the per-customer effects of each action (phase 06, out-of-bag):\n\n" + record_table(row))
    return "\n\n".join(parts) if parts else "_No heterogeneity results were printed._"


def ab_outcome(docs):
    doc = docs.get("05_ab_testing")
    parts = []
    for r in results(doc):
        st = r["statement"].lstrip()
        if st.startswith(("ab_test", "srm", "validate_effects", "sequential")) and isinstance(r.get("value"), dict):
            ests = estimates(r["value"])
            if ests:
                parts.append(f"{code(st, 60)}\n\n" + table(EST_HEADER, [estimate_row(e.get("label", ""), e) for e in ests]))
            else:
                f = fields(r["value"])
                keep = {k: v for k, v in f.items() if not isinstance(v, (dict, list))}
                if keep:
                    parts.append(f"{code(st, 60)}\n\n" + record_table(keep))
    truth = frames_with(doc, "true_ate")
    if truth:
        parts.append(f"Truth from the simulator ({code(truth[0][0])}): true_ate = {fmt(truth[0][1][0]['true_ate'])}.")
    return "\n\n".join(parts) if parts else "_No A/B test results were printed._"


def business(docs):
    doc = docs.get("06_production")
    parts = []
    dr = []
    for stmt, fr in frames_with(doc, "action", "dr_ate"):
        for row in fr:
            dr.append([row.get("action"), fmt(row.get("dr_ate")), f"[{fmt(row.get('ci_low'))}, {fmt(row.get('ci_high'))}]"])
    if dr:
        parts.append("Doubly robust average effect of each action on churn (phase 06):\n\n"
                     + table(["action", "DR ATE", "95% CI"], dr))
    for cols in (("churn_no_action",), ("cost_per_customer_saved",)):
        for stmt, fr in frames_with(doc, *cols):
            parts.append(record_table(fr[0]))
    return "\n\n".join(parts) if parts else "_No business metrics were printed._"


def main():
    d = sys.argv[1]
    names = ["01_eda", "02_churn_prediction", "03_causal_inference", "04_heterogeneous_effects", "05_ab_testing",
             "06_production"]
    docs = {n: load(d, n) for n in names}
    sections = [
        ("Churn model", model_metrics(docs)),
        ("Average effect of the retention offer (phase 03)", causal_estimates(docs)),
        ("Heterogeneity", heterogeneity(docs)),
        ("A/B test (phase 05)", ab_outcome(docs)),
        ("Business impact of the policy (phase 06)", business(docs)),
    ]
    out = []
    for title, body in sections:
        out.append(f"### {title}\n\n{body}")
    print("\n\n".join(out))


if __name__ == "__main__":
    main()
