#!/usr/bin/env bash
# Runs the catalog search benchmark: Lucene.NET (Agora.Search), SQLite FTS5 (trigram) and PostgreSQL full-text
# search on a throwaway cluster (installed from Debian's packages when missing, on a free loopback port, removed at
# the end). Arguments go to the program, e.g. --records 50000 --queries 400 for a quick check. Writes
# bench/results/search.md unless --out says otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! dpkg -s postgresql >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/agora-bench-pg-XXXXXX)
chown postgres:postgres "$pgdir" 2>/dev/null || true
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
run_pg "$pgbin/initdb" -D "$pgdir/data" -U agora --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=2GB -c work_mem=64MB \
  -c maintenance_work_mem=1GB -c max_wal_size=8GB" start >/dev/null
cleanup() { run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap cleanup EXIT

dotnet run -c Release --project bench/Agora.Search.Bench -- \
  --postgres "Host=127.0.0.1;Port=$port;Username=agora;Database=postgres;Timeout=60;Command Timeout=0" \
  --out bench/results/search.md "$@"
