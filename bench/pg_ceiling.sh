#!/usr/bin/env bash
# What PostgreSQL on this machine can do for the submission path with no
# moderato in the way: pgbench runs the statements one submission needs
# (bench/pg/history.sql once per submission, bench/pg/insert8.sql once per
# eight) on moderato's own schema, with prepared statements and 8 client
# connections, as many as moderato's pool.
#
#   bench/pg_ceiling.sh [--duration SECONDS]
#
# Needs pgbench and PostgreSQL on 127.0.0.1:5432 with trust auth (it creates
# and drops a database named moderato_ceiling).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
command -v pgbench >/dev/null || { echo "pgbench is needed: apt-get install postgresql-client" >&2; exit 1; }

db=moderato_ceiling
psql() { command psql -h 127.0.0.1 -U postgres -qAt "$@"; }
cleanup() { psql -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup
psql -c "CREATE DATABASE $db" >/dev/null
cargo build --release --quiet --bin moderato
MODERATO__DATABASE__URL="postgres://postgres@127.0.0.1:5432/$db" target/release/moderato migrate >/dev/null

bench() { # pgbench arguments...; prints "script transactions-per-second" per script
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 8 -j 2 -T "$duration" "$@" "$db" 2>/dev/null |
    awk '/^SQL script/ {name = $4}
         /transactions \(.*tps = / {sub(/\)/, "", $NF); print name, $NF; scripts++}
         /^tps/ {total = $3}
         END {if (!scripts) print "all", total}'
}
echo "== pgbench -c 8 -j 2 -T $duration, prepared statements"
inserts=$(bench -f bench/pg/insert8.sql | awk '{print $2 * 8}')
printf '%-52s%10.0f\n' "comments stored per second, inserts alone" "$inserts"
lookups=$(bench -f bench/pg/history.sql | awk '{print $2}')
printf '%-52s%10.0f\n' "history lookups per second, lookups alone" "$lookups"
mixed=$(bench -f bench/pg/history.sql@8 -f bench/pg/insert8.sql@1 | awk '$1 == "bench/pg/insert8.sql" {print $2 * 8}')
printf '%-52s%10.0f\n' "submissions per second, both (a lookup per comment)" "$mixed"
