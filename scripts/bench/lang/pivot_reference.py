"""Reference values for Tests/FrameTests/PivotSliceTests.swift (pandas melt / pivot / pivot_table).

Run: python3 scripts/bench/lang/pivot_reference.py
"""
import numpy as np
import pandas as pd

print("pandas", pd.__version__)
wide = pd.DataFrame({
    "id": [1, 2, 3, 4],
    "region": ["N", "S", "N", "E"],
    "q1": [10, 7, 4, 1],
    "q2": [12.5, np.nan, 4.25, 2.0],
    "q3": [3, 8, 6, 5],
})
# tidyr's row-by-row order = pandas melt (column by column) sorted stably by the original row.
long = (wide.melt(id_vars=["id", "region"], value_vars=["q1", "q2", "q3"], var_name="quarter",
                  value_name="amount", ignore_index=False).sort_index(kind="stable"))
print("melt quarter", list(long["quarter"]))
print("melt amount", [None if pd.isna(x) else float(x) for x in long["amount"]])
print("melt id", list(long["id"]))

sales = pd.DataFrame({
    "store": ["a", "a", "b", "b", "a", "c", "b"],
    "month": ["jan", "feb", "jan", "mar", "jan", "feb", "jan"],
    "units": [5.0, 3.0, 2.0, np.nan, 7.0, 4.0, 1.0],
})
for agg in ["mean", "sum", "size", "max", "median"]:
    t = sales.pivot_table(index="store", columns="month", values="units", aggfunc=agg, dropna=False)
    t = t.reindex(index=["a", "b", "c"], columns=["jan", "feb", "mar"])
    print(agg, [[None if pd.isna(x) else float(x) for x in row] for row in t.values])
uniq = sales.drop_duplicates(["store", "month"])
t = uniq.pivot(index="store", columns="month", values="units").reindex(index=["a", "b", "c"], columns=["jan", "feb", "mar"])
print("pivot", [[None if pd.isna(x) else float(x) for x in row] for row in t.values])
