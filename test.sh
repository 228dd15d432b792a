#!/usr/bin/env bash
# Runs every Agora test on a fresh machine: installs what the tests need from Debian's packages when missing
# (PostgreSQL; Chromium and CJK fonts for the browser tests), starts a throwaway PostgreSQL cluster on a free port,
# builds, runs every test project, and ends with a line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
out="$root/.test-output"
rm -rf "$out"
mkdir -p "$out/results"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
need_packages() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} from Debian's packages"
    if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

need_packages postgresql
if [ -d tests/Agora.Browser.Tests ]; then need_packages chromium fonts-noto-cjk; fi

# A throwaway PostgreSQL cluster owned by the postgres account, on a free loopback port.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/agora-pg-XXXXXX)
chown postgres:postgres "$pgdir" 2>/dev/null || true
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
run_pg "$pgbin/initdb" -D "$pgdir/data" -U agora --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
cleanup() { run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pgdir"; }
trap cleanup EXIT
export AGORA_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=agora;Database=postgres;Pooling=true"
export AGORA_REQUIRE_POSTGRES=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build Agora.slnx -c Release -nologo -v quiet
status=0
dotnet test --solution Agora.slnx -c Release --no-build --report-xunit-trx --results-directory "$out/results" 2>&1 \
  | tee "$out/test.log" || status=$?

# One closing line over every test project, from the run's own summary: the .trx files are named by the second a
# project starts, so two projects that start together leave one file, and counting files undercounted.
count() { grep -E "^[[:space:]]+$1: [0-9]+" "$out/test.log" | tail -1 | awk '{print $2}'; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
passed=${passed:-0} failed=${failed:-0} skipped=${skipped:-0}
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
