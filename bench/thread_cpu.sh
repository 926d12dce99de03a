#!/usr/bin/env bash
# CPU per stored submission of each moderato thread, while a load runs.
#
#   bench/thread_cpu.sh [PORT] [SECONDS]
#
# moderato must serve on PORT (default 18090) with
# MODERATO__METRICS__ENABLED=true: the stored rows are read off /metrics
# (moderato_group_commit_rows_sum). Prints, per thread name, microseconds
# of CPU per row, and the shares of the interval spent running and waiting
# for a CPU (from /proc/<pid>/task/<tid>/schedstat).
set -euo pipefail
port=${1:-18090}
seconds=${2:-5}
pid=$(ss -ltnpH "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
[ -n "$pid" ] || { echo "nothing listens on port $port" >&2; exit 1; }
rows() { curl -fs "http://127.0.0.1:$port/metrics" | awk '/^moderato_group_commit_rows_sum/ {print $2}'; }
snapshot() {
  for task in /proc/"$pid"/task/*; do
    printf '%s\t%s\n' "$(cat "$task/comm")" "$(cut -d' ' -f1,2 "$task/schedstat")"
  done
}
before_rows=$(rows); before=$(snapshot)
sleep "$seconds"
after_rows=$(rows); after=$(snapshot)
python3 - "$before_rows" "$after_rows" "$seconds" "$before" "$after" <<'PY'
import collections, sys
rows = float(sys.argv[2]) - float(sys.argv[1])
seconds = float(sys.argv[3])
def load(text):
    run, wait = collections.Counter(), collections.Counter()
    for line in text.splitlines():
        name, times = line.split("\t")
        r, w = map(int, times.split())
        run[name] += r
        wait[name] += w
    return run, wait
(run0, wait0), (run1, wait1) = load(sys.argv[4]), load(sys.argv[5])
if rows <= 0:
    sys.exit("no rows were stored during the interval")
print(f"{rows:.0f} rows in {seconds:.0f} s ({rows / seconds:.0f}/s)")
print(f"{'thread':<20}{'us/row':>9}{'running':>9}{'waiting':>9}")
total = 0.0
for name in sorted(run1):
    ran = (run1[name] - run0[name]) / 1e3
    waited = (wait1[name] - wait0[name]) / 1e3
    total += ran / rows
    if ran / rows >= 0.5:
        print(f"{name:<20}{ran / rows:>9.1f}{ran / seconds / 1e4:>8.0f}%{waited / seconds / 1e4:>8.0f}%")
print(f"{'all threads':<20}{total:>9.1f}")
PY
