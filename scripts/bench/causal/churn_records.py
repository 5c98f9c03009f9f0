"""Runs a generated .churn script headlessly and returns the records it printed (shared by the bench scripts)."""
import json
import os
import subprocess
import sys
import tempfile
import time


def run_records(churn, text, data):
    """Writes `text` to a temporary script, runs `churn run … --format json --param data=…`, and returns
    (the values of the printed records, wall seconds). Exits with churn's stderr when the run fails."""
    with tempfile.NamedTemporaryFile("w", suffix=".churn", delete=False) as f:
        f.write(text)
        path = f.name
    t0 = time.time()
    out = subprocess.run([churn, "run", path, "--format", "json", "--param", f"data={data}"],
                         capture_output=True, text=True)
    elapsed = time.time() - t0
    os.unlink(path)
    if out.returncode != 0:
        sys.exit(f"churn failed:\n{out.stderr[-3000:]}")
    return [r["value"] for r in json.loads(out.stdout) if r["type"] == "record"], elapsed
