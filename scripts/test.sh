#!/usr/bin/env bash
# Runs every test of the project: the unit tests (tests/*) and the real-peer integration tests
# (integration/*), on a fresh Debian machine with the .NET SDK.
#
#   1. installs the real peers when missing: smbclient, smbtorture (samba-testsuite), smbd
#      (samba) for reference runs, and tshark for the tests that check what is on the wire;
#      one `apt-get update`, non-interactive, sudo if not root;
#   2. builds SmbServer.sln once (Debug: unit tests see Debug-only checks);
#   3. runs each test project with `dotnet test --no-build`, a TRX file per project in
#      $TEST_RESULTS_DIR (default artifacts/test-results), the full console log next to it;
#   4. prints the failed tests with their messages, a table per project, and the closing line
#      "N passed, N failed, N skipped". Exits non-zero if anything failed or no test ran.
#
# SMBSERVER_TEST_TARGET=samba runs the integration tests against Samba's smbd instead of ours.
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIGURATION=Debug
RESULTS_DIR=${TEST_RESULTS_DIR:-artifacts/test-results}
PROJECT_TIMEOUT=${TEST_PROJECT_TIMEOUT:-900}   # seconds per test project; CI must end well within 20 min
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\n==> %s\n' "$*"; }

# --- 1. Real peers -----------------------------------------------------------------------------
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

missing=()
have smbclient || missing+=(smbclient)
have smbtorture || missing+=(samba-testsuite)
have smbd || missing+=(samba)
have tshark || missing+=(tshark)   # the SMB3 encryption tests read the wire (needs root to capture)
have python3 || missing+=(python3)

if [ ${#missing[@]} -gt 0 ]; then
  say "Installing ${missing[*]}"
  if ! have apt-get; then
    echo "warning: no apt-get; install ${missing[*]} yourself. Tests that need them will fail naming the package." >&2
  else
    as_root=()
    if [ "$(id -u)" != 0 ]; then
      if have sudo; then as_root=(sudo -n); else echo "warning: not root and no sudo" >&2; fi
    fi
    apt_opts=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    if "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update -qq &&
       "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq "${missing[@]}" > /dev/null; then
      echo "installed: ${missing[*]}"
    else
      echo "warning: could not install ${missing[*]}. Tests that need them will fail naming the package." >&2
    fi
  fi
fi
have python3 || { echo "python3 is needed to read the test results" >&2; exit 1; }

# --- 2. Build once -----------------------------------------------------------------------------
say "Building SmbServer.sln ($CONFIGURATION)"
mkdir -p "$RESULTS_DIR"
build_log="$RESULTS_DIR/build.log"
if ! dotnet build SmbServer.sln -c "$CONFIGURATION" -nologo > "$build_log" 2>&1; then
  grep -E ': (error|warning) ' "$build_log" | sort -u || tail -n 50 "$build_log"
  echo "build failed (full log: $build_log)"
  exit 1
fi
echo "built"

# --- 3. Run every test project -----------------------------------------------------------------
projects=()
for csproj in tests/*/*.csproj integration/*/*.csproj; do
  [ -f "$csproj" ] && projects+=("$csproj")
done

summary_args=()
for csproj in "${projects[@]}"; do
  name=$(basename "$csproj" .csproj)
  rm -f "$RESULTS_DIR/$name.trx"
  # --no-build runs what the solution build produced: a project outside the solution would be stale.
  if ! grep -qF "$(dirname "$csproj" | tr / '\\')\\$name.csproj" SmbServer.sln; then
    echo "$name is not in SmbServer.sln (dotnet sln add $csproj): not built, not run" > "$RESULTS_DIR/$name.log"
    say "$name: not in SmbServer.sln"
    summary_args+=("$name:1:0")
    continue
  fi
  say "Testing $name"
  start=$(date +%s.%N)
  set +e
  timeout --kill-after=30 "$PROJECT_TIMEOUT" \
    dotnet test "$csproj" -c "$CONFIGURATION" --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS_DIR" \
      > "$RESULTS_DIR/$name.log" 2>&1 < /dev/null
  rc=$?
  set -e
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  [ "$rc" = 124 ] && echo "timed out after ${PROJECT_TIMEOUT}s" >> "$RESULTS_DIR/$name.log"
  grep -E '^(Passed|Failed)!|No test is available|timed out after' "$RESULTS_DIR/$name.log" || tail -n 5 "$RESULTS_DIR/$name.log"
  summary_args+=("$name:$rc:$seconds")
done

# --- 4. Summary --------------------------------------------------------------------------------
python3 scripts/trx-summary.py "$RESULTS_DIR" "${summary_args[@]}"
