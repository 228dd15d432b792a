#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on a free loopback port; its connection string is in
# AGORA_BENCH_POSTGRES. Usage: bench/with-postgres.sh dotnet run -c Release --project bench/Agora.Catalog.Bench
set -euo pipefail
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/agora-bench-pg-XXXXXX)
chown postgres:postgres "$pgdir" 2>/dev/null || true
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
run_pg "$pgbin/initdb" -D "$pgdir/data" -U agora --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Durable settings (fsync on), as a production server would run, unless AGORA_BENCH_PG_OPTIONS adds others.
run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c shared_buffers=512MB ${AGORA_BENCH_PG_OPTIONS:-}" start >/dev/null
trap 'run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
export AGORA_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=agora;Database=postgres"
"$@"
