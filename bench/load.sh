#!/usr/bin/env bash
# Load benchmark: moderato's submission and listing endpoints against a bare
# actix-web "ok" handler, in the same run on the same machine. Two more rows
# bound the submission rate from above: the same POSTs to the scoring dry run
# (nothing looked up or stored) and to the bare handler.
#
#   bench/load.sh [--postgres] [--duration SECONDS]
#
# Needs wrk (apt-get install wrk) and python3; --postgres needs PostgreSQL on
# 127.0.0.1:5432 with trust auth (it creates and drops a database).
set -euo pipefail
cd "$(dirname "$0")/.."

backend=sqlite
duration=20
threads=2
connections=16
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) backend=postgres ;;
    --duration) duration="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

port=18080
bare_port=18081
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$backend" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS moderato_bench WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== building (release)"
cargo build --release --quiet --bin moderato --example bare_ok
[ -f bench/bodies.txt ] || python3 bench/make_bodies.py

if [ "$backend" = postgres ]; then
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS moderato_bench WITH (FORCE)" >/dev/null
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE moderato_bench" >/dev/null
  db_url="postgres://postgres@127.0.0.1:5432/moderato_bench"
  count_rows() { psql -h 127.0.0.1 -U postgres -d moderato_bench -tAc "SELECT count(*) FROM comments"; }
else
  db_url="sqlite://$work/moderato.db?mode=rwc"
  count_rows() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from comments').fetchone()[0])" "$work/moderato.db"; }
fi

# Abuse limits and double-submit detection are off: every request comes from
# one address, and the point is the cost of scoring and storing.
MODERATO__DATABASE__URL="$db_url" \
MODERATO__SERVER__PORT=$port \
MODERATO__TELEMETRY__LEVEL=warn \
MODERATO__LIMITS__PER_IP_PER_MINUTE=0 \
MODERATO__LIMITS__PER_EMAIL_PER_MINUTE=0 \
MODERATO__IDEMPOTENCY__DOUBLE_SUBMIT_SECONDS=0 \
MODERATO__NOTIFY__WORKER_ENABLED=false \
MODERATO__SERVER__TRUSTED_PROXIES=127.0.0.1 \
MODERATO__DATABASE__MAX_CONNECTIONS=${BENCH_DB_CONNECTIONS:-8} \
  target/release/moderato serve >"$work/moderato.log" 2>&1 &
moderato_pid=$!
pids+=("$moderato_pid")
target/release/examples/bare_ok $bare_port >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && curl -fs "http://127.0.0.1:$bare_port/" >/dev/null 2>&1 && break
  sleep 0.1
done

rss_kb() { awk "/^$1:/ {print \$2}" "/proc/$moderato_pid/status"; }

# 200 approved comments on one post for the listing benchmark.
for i in $(seq 1 200); do
  curl -fs "http://127.0.0.1:$port/api/v1/comments" -H 'content-type: application/json' \
    -d "{\"post_id\":\"listing\",\"author_name\":\"Reader $i\",\"author_email\":\"seed$i@bench.example\",\"body\":\"Thoughtful point number $i about the article.\"}" >/dev/null
done
listed=$(curl -fs "http://127.0.0.1:$port/api/v1/posts/listing/comments?limit=100" | python3 -c "import json,sys; print(len(json.load(sys.stdin)['items']))")
[ "$listed" = 100 ] || { echo "seeding failed: $listed listed" >&2; exit 1; }
idle_rss=$(rss_kb VmRSS)
rows_before=$(count_rows)

# The machine's CPU counters (steal, then all): on a shared host, time the
# hypervisor gave to others is not the program's, and runs with much of it
# do not compare with runs without.
cpu_counters() { awk '/^cpu / {print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
run() { # name url script; the steal share during the run goes to $work/name.steal
  local before after
  before=$(cpu_counters)
  wrk -t$threads -c$connections -d"${duration}s" --latency -s "$3" "$2" | tee "$work/$1.out" | grep '^RESULT' | sed 's/^RESULT //'
  after=$(cpu_counters)
  echo "$before $after" | awk '{ t = $4 - $2; printf "%.1f\n", (t > 0 ? 100 * ($3 - $1) / t : 0) }' >"$work/$1.steal"
}
echo "== $backend: wrk -t$threads -c$connections -d${duration}s"
submit=$(run submit "http://127.0.0.1:$port/api/v1/comments" bench/submit.lua)
sleep 1
rows_after=$(count_rows)
listing=$(run listing "http://127.0.0.1:$port/api/v1/posts/listing/comments" bench/report.lua)
peak_rss=$(rss_kb VmHWM)
bare=$(run bare "http://127.0.0.1:$bare_port/" bench/report.lua)
# Two ceilings for the submission rate, with the same POSTs: the scoring dry
# run (parsing, limits and scoring, nothing looked up or stored), and the
# bare handler reading each body.
score=$(SUBMIT_PATH=/api/v1/score run score "http://127.0.0.1:$port/api/v1/score" bench/submit.lua)
bare_post=$(SUBMIT_PATH=/ run bare_post "http://127.0.0.1:$bare_port/" bench/submit.lua)

python3 - "$backend" "$submit" "$listing" "$bare" "$score" "$bare_post" "$rows_before" "$rows_after" "$idle_rss" "$peak_rss" "$connections" \
  "$(cat "$work/submit.steal")" "$(cat "$work/listing.steal")" "$(cat "$work/bare.steal")" \
  "$(cat "$work/score.steal")" "$(cat "$work/bare_post.steal")" <<'PY'
import json, sys
backend, submit, listing, bare, score, bare_post = sys.argv[1], *map(json.loads, sys.argv[2:7])
rows_before, rows_after, idle_kb, peak_kb, conns = map(int, sys.argv[7:12])
steal = list(map(float, sys.argv[12:17]))
def rps(r): return r["requests"] / r["seconds"]
rows = [
    (f"POST /api/v1/comments ({backend})", submit),
    ("GET /api/v1/posts/{id}/comments", listing),
    ("bare actix \"ok\"", bare),
    ("POST /api/v1/score (nothing stored)", score),
    ("bare actix \"ok\", same POSTs", bare_post),
]
print(f"\n{'endpoint':<38}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'non-2xx':>9}{'vs bare':>9}{'steal %':>9}")
for (name, r), st in zip(rows, steal):
    print(f"{name:<38}{rps(r):>10.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['max_ms']:>9.2f}{r['non2xx'] + r['socket_errors']:>9}{rps(r) / rps(bare):>9.3f}{st:>9.1f}")
created = submit["requests"] - submit["non2xx"] - submit["socket_errors"]
stored = rows_after - rows_before
print(f"\nrows stored during the submission run: {stored}; 2xx answered: {created}; "
      f"stored without an answer (in flight at the end): {stored - created}")
print(f"RSS idle {idle_kb / 1024:.1f} MB, peak {peak_kb / 1024:.1f} MB")
if max(steal) > 5:
    print(f"note: the host took {max(steal):.0f} % of the CPU as steal in a run; compare these figures with care")
if not 0 <= stored - created <= conns:
    sys.exit(f"FAIL: {created} submissions were answered 2xx but {stored} rows were stored")
PY
