#!/usr/bin/env bash
# Runs the catalog search benchmark: Lucene.NET (Agora.Search), SQLite FTS5 (trigram) and PostgreSQL full-text
# search on a throwaway cluster (installed from Debian's packages when missing, on a free loopback port, removed at
# the end). Arguments go to the program, e.g. --records 50000 --queries 400 for a quick check. Writes
# bench/results/search.md unless --out says otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The search comparison measures query speed, not durability: the cluster runs without fsync and with large buffers.
export AGORA_BENCH_PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=2GB \
  -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=8GB"
bench/with-postgres.sh bash -c 'dotnet run -c Release --project bench/Agora.Search.Bench -- \
  --postgres "$AGORA_BENCH_POSTGRES;Timeout=60;Command Timeout=0" --out bench/results/search.md "$@"' run-bench "$@"
