# Main-thread samples of a `perf record` of the bench process, by stage of the boosting fit (classified by
# symbol name). Usage: perf record -F 4000 -o P.data modelbench gbm ...; python3 main_thread_stages.py P.data
# (needs perf and `swift demangle` on PATH). The main thread is the lowest thread id.
import sys, subprocess, collections
f = sys.argv[1]
out = subprocess.run(f"perf script -i {f} -F tid,ip,sym 2>/dev/null | swift demangle --simplified", shell=True, capture_output=True, text=True).stdout
tids = collections.Counter(); rows = []
for line in out.splitlines():
    parts = line.strip().split(None, 2)
    if len(parts) < 2: continue
    tid = parts[0]; sym = parts[2] if len(parts) > 2 else '?'
    tids[tid] += 1; rows.append((tid, sym))
main = min(tids, key=int)  # main thread has the lowest tid
def stage(s):
    for key, name in [('partitionInParallel','partition (parallel)'), ('apply(','partition (serial, apply)'),
                      ('chunkPartials','histogram'), ('accumulate','histogram'), ('buildDense','histogram'),
                      ('searchFused','histogram+scan (fused)'), ('scanFeature','scan'), ('finishSplitSearch','scan'), ('compact','scan'),
                      ('gradients','gradients'), ('sigmoid','gradients'), ('exp','gradients'),
                      ('updateTrainingScores','score update'), 
                      ('summarize','leaf values'), ('TreeGrower.grow','grow closures (base: small-node histograms inlined; both: relabel, leaf values)'), ('relabel','relabel/ordered'), ('fillOrdered','relabel/ordered'),
                      ('forEachTreeLeaves','predict'), ('rawScores','predict'), ('radixSorted','auc'), ('_merge','binning/other')]:
        if key in s: return name
    return 'other'
c = collections.Counter(stage(s) for t, s in rows if t == main)
tot = sum(tids.values()); m = tids[main]
print(f"samples: all threads {tot}, main {m} ({100*m/tot:.1f}%), threads {len(tids)}")
for k, v in c.most_common(): print(f"  {k:28s} {v:6d}  {100*v/m:5.1f}% of main")
