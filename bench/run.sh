#!/usr/bin/env bash
# SmbServer against Samba's smbd, side by side, on this machine: the same clients (smbclient,
# smbtorture, bench/lib/smb2_idle_client.py), the same smb.conf, two loopback ports.
#
#   bench/run.sh                  full bench: 5 runs, table of medians, written to docs/performance.md
#   bench/run.sh --runs 3         fewer runs
#   bench/run.sh --smoke          every workload once at tiny sizes (well under a minute); no docs
#
# Options:
#   --runs N           runs per server (default 5); servers alternate A B A B within each workload
#   --smoke            8 MiB file, 100 files, 20 connections, 2 s smbtorture runs, 1 run
#   --no-build         do not build; use the DLL given by --server-dll (default: the Release build)
#   --server-dll PATH  the smbserver.dll to run (e.g. src/SmbServer/bin/Debug/net10.0/smbserver.dll)
#   --no-docs          print the table only; do not touch docs/performance.md
#   --only LIST        comma-separated workload groups: transfer,echo,path,list,mput,idle
#                      (a partial run never replaces the table in the docs)
#   --keep             keep the work directory (configs, logs, data) under /tmp
#
# Exit status: 0 when every workload ran on both servers (a documented n/a, such as encryption
# against our SMB 2.1-only server, is not an error); 1 when a workload failed; 2 on bad usage or
# a missing prerequisite. Needs root: smbd becomes the user it serves.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LIB="$REPO/bench/lib"

runs=5 smoke=0 build=1 docs=1 keep=0 only="transfer,echo,path,list,mput,idle" server_dll=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --smoke) smoke=1; shift ;;
    --no-build) build=0; shift ;;
    --no-docs) docs=0; shift ;;
    --server-dll) server_dll=${2:?--server-dll needs a path}; shift 2 ;;
    --only) only=${2:?--only needs a list}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs needs a positive number" >&2; exit 2; }
if [ "$only" != "transfer,echo,path,list,mput,idle" ]; then docs=0; fi

if [ "$smoke" = 1 ]; then
  runs=1 docs=0
  big_mib=8 list_files=100 mput_files=100 idle_conns=20 torture_secs=2 idle_settle=0.5 client_timeout=60
else
  big_mib=1024 list_files=10000 mput_files=2000 idle_conns=1000 torture_secs=10 idle_settle=2 client_timeout=900
fi
user=root password=pass123

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { echo "run.sh: $*" >&2; exit 2; }
wants() { [[ ",$only," == *",$1,"* ]]; }

# --- prerequisites -------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || die "needs root: Samba's smbd switches to the user it serves"
command -v python3 >/dev/null || die "python3 not found"
if ! command -v smbclient >/dev/null || ! command -v smbtorture >/dev/null \
   || ! { command -v smbd >/dev/null || [ -x /usr/sbin/smbd ]; }; then
  log "installing samba, smbclient, samba-testsuite"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q samba smbclient samba-testsuite >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q samba smbclient samba-testsuite >/dev/null; } \
    || die "could not install samba, smbclient, samba-testsuite with apt-get"
fi
smbd_bin=$(command -v smbd || echo /usr/sbin/smbd)

if [ -z "$server_dll" ]; then server_dll="$REPO/src/SmbServer/bin/Release/net10.0/smbserver.dll"; fi
if [ "$build" = 1 ]; then
  log "building src/SmbServer (Release)"
  dotnet build -c Release -nologo -v q "$REPO/src/SmbServer" >/dev/null \
    || { dotnet build -c Release -nologo -v q "$REPO/src/SmbServer"; die "build failed"; }
fi
[ -f "$server_dll" ] || die "server not found: $server_dll (build it, or pass --server-dll)"
server_dll=$(cd "$(dirname "$server_dll")" && pwd)/$(basename "$server_dll")

# --- work directory, cleanup ---------------------------------------------------------------
work=$(mktemp -d /tmp/smbbench.XXXXXX)
ours_dir="$work/ours" samba_dir="$work/samba" data="$work/data"
ours_pid=""
results="$work/results.tsv" meta="$work/meta.env"
: > "$results"

stop_ours() {
  [ -n "$ours_pid" ] || return 0
  kill -TERM "$ours_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$ours_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$ours_pid" 2>/dev/null || true
  wait "$ours_pid" 2>/dev/null || true
  ours_pid=""
}
stop_samba() { "$REPO/bench/samba-reference.sh" stop "$samba_dir" >/dev/null 2>&1 || true; }
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_ours
  stop_samba
  if [ "$keep" = 1 ]; then echo "run.sh: work directory kept: $work" >&2
  elif [ "$rc" != 0 ]; then
    # Keep what explains the failure (configs, server and client logs), not the test data.
    rm -rf "$data" "$ours_dir/share" "$samba_dir/share"
    echo "run.sh: logs kept in $work" >&2
  else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ours_port=$(free_port)
samba_port=$(free_port)
while [ "$samba_port" = "$ours_port" ]; do samba_port=$(free_port); done

# One smb.conf text for both servers (ours reads Samba's syntax; samba-reference.sh wraps it
# with smbd's own plumbing and uses it unchanged).
write_conf() { # DIR PORT
  mkdir -p "$1/share"
  chmod 0777 "$1/share"
  cat > "$1/smb.conf" <<CONF
[global]
  smb ports = $2
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb passwd file = $1/smbpasswd

[share]
  path = $1/share
  read only = no
CONF
}
write_conf "$ours_dir" "$ours_port"
write_conf "$samba_dir" "$samba_port"
printf '%s\n' "$password" | dotnet "$server_dll" user add "$user" --config "$ours_dir/smb.conf" >/dev/null \
  || die "could not add user $user with $server_dll user add"
cp "$ours_dir/smbpasswd" "$samba_dir/smbpasswd"   # the same account, hash and flags for smbd
nt_hash=$(awk -F: -v u="$user" '$1 == u { print $4 }' "$ours_dir/smbpasswd")

# --- data ----------------------------------------------------------------------------------
mkdir -p "$data/small"
log "creating test data under $work ($big_mib MiB file, $mput_files small files, $list_files-entry directories)"
if wants transfer; then head -c "$((big_mib * 1024 * 1024))" /dev/urandom > "$data/big"; fi
python3 - "$data/small" "$mput_files" "$ours_dir/share/list" "$samba_dir/share/list" "$list_files" <<'PY'
import os, sys
small, n_small, list_a, list_b, n_list = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
for i in range(n_small):  # small files of 1 to 8 KiB, as a source tree would have
    with open(os.path.join(small, f"s{i:05d}.dat"), "wb") as f:
        f.write(os.urandom(1024 * (1 + i % 8)))
for d in (list_a, list_b):  # created locally in both shares, not through the servers
    os.makedirs(d, exist_ok=True)
    for i in range(n_list):
        open(os.path.join(d, f"entry{i:05d}.txt"), "wb").close()
PY

# --- servers -------------------------------------------------------------------------------
wait_port() { # PORT PID NAME LOG
  for _ in $(seq 300); do
    kill -0 "$2" 2>/dev/null || { cat "$4" >&2; die "$3 exited during startup"; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  die "$3 did not accept on port $1 within 30 s"
}
start_ours() {
  dotnet "$server_dll" --config "$ours_dir/smb.conf" >> "$ours_dir/server.log" 2>&1 < /dev/null &
  ours_pid=$!
  wait_port "$ours_port" "$ours_pid" SmbServer "$ours_dir/server.log"
}
start_samba() {
  "$REPO/bench/samba-reference.sh" start "$samba_port" "$samba_dir" >/dev/null \
    || die "smbd did not start (see $samba_dir/.smbd/smbd.out)"
}
port_of() { if [ "$1" = ours ]; then echo "$ours_port"; else echo "$samba_port"; fi; }
spec_of() { if [ "$1" = ours ]; then echo "ours:$ours_pid"; else echo "samba:$samba_dir"; fi; }
share_of() { if [ "$1" = ours ]; then echo "$ours_dir/share"; else echo "$samba_dir/share"; fi; }

# smbclient/smbtorture with --configfile=/dev/null: this machine's /etc/samba/smb.conf must not
# change a result.
smbc() { # SERVER ARGS...
  local s=$1; shift
  timeout "$client_timeout" smbclient --configfile=/dev/null -p "$(port_of "$s")" //127.0.0.1/share \
    -U "$user%$password" "$@"
}
now() { date +%s.%N; }
calc() { python3 -c "print(f'{$1:.6g}')"; }

failures=0
record() { # RUN WORKLOAD SERVER VALUE
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$results"
  if [ "$4" = err ]; then failures=$((failures + 1)); fi
}
fail() { # RUN WORKLOAD SERVER WHY LOGFILE
  log "FAILED $2 on $3 (run $1): $4; output in $5"
  sed 's/^/    | /' "$5" | tail -n 15 >&2
  record "$1" "$2" "$3" err
}

# --- workloads -----------------------------------------------------------------------------
transfer() { # RUN SERVER DIRECTION(write|read) MODE
  local run=$1 s=$2 dir=$3 mode=$4 out="$work/log/$1.$2.$3_$4.out" cpu0 cpu1 rc=0 rate cmd
  local -a prot
  case $mode in
    plain) prot=(--client-protection=off) ;;
    sign) prot=(--client-protection=sign) ;;
    aes128) prot=(--client-protection=encrypt "--option=client smb3 encryption algorithms=AES-128-GCM") ;;
    aes256) prot=(--client-protection=encrypt "--option=client smb3 encryption algorithms=AES-256-GCM") ;;
  esac
  if [ "$dir" = write ]; then cmd="put $data/big big"; else cmd="get big /dev/null"; fi
  cpu0=$(python3 "$LIB/procstat.py" cpu "$(spec_of "$s")")
  smbc "$s" "${prot[@]}" -c "$cmd" > "$out" 2>&1 || rc=$?
  cpu1=$(python3 "$LIB/procstat.py" cpu "$(spec_of "$s")")
  if [ "$rc" != 0 ]; then
    # smbclient's own words when a server offers no SMB3 encryption: documented as n/a for ours
    # until it speaks SMB3; against Samba, or for any other reason, it is a failure.
    if [[ $mode == aes* ]] && [ "$s" = ours ] && grep -q "server doesn't support SMB3 encryption" "$out"; then
      record "$run" "${dir}_$mode" "$s" na
      record "$run" "cpu_${dir}_$mode" "$s" na
      return 0
    fi
    fail "$run" "${dir}_$mode" "$s" "smbclient exit status $rc" "$out"
    record "$run" "cpu_${dir}_$mode" "$s" err
    return 0
  fi
  # smbclient prints the rate of the transfer itself, in KiB/s: "(N kb/s)" for put,
  # "(N KiloBytes/sec)" for get. Reported as MiB/s.
  rate=$(grep -oE '\(([0-9.]+) (kb/s|KiloBytes/sec)\)' "$out" | head -n 1 | grep -oE '[0-9.]+' || true)
  if [ -z "$rate" ]; then
    fail "$run" "${dir}_$mode" "$s" "no transfer rate in smbclient's output" "$out"
    record "$run" "cpu_${dir}_$mode" "$s" err
    return 0
  fi
  if [ "$dir" = read ] && ! grep -q "of size $((big_mib * 1024 * 1024)) as" "$out"; then
    fail "$run" "${dir}_$mode" "$s" "the file read back has the wrong size" "$out"
    record "$run" "cpu_${dir}_$mode" "$s" err
    return 0
  fi
  record "$run" "${dir}_$mode" "$s" "$(calc "$rate / 1024")"
  record "$run" "cpu_${dir}_$mode" "$s" "$(calc "($cpu1 - $cpu0) / ($big_mib / 1024)")"
}

torture() { # RUN SERVER WORKLOAD TEST COUNTER
  local run=$1 s=$2 w=$3 test=$4 counter=$5 out="$work/log/$1.$2.$3.out" rc=0 ops
  timeout "$client_timeout" smbtorture --configfile=/dev/null -p "$(port_of "$s")" //127.0.0.1/share \
    -U "$user%$password" "$test" "--option=torture:timelimit=$torture_secs" \
    --option=torture:nprocs=4 --option=torture:qdepth=4 > "$out" 2>&1 || rc=$?
  # The last "<counter>[num/s=N" is smbtorture's summary line: operations over the whole run
  # divided by the time limit (the earlier ones are per second, overwritten with \r).
  ops=$(tr '\r' '\n' < "$out" | grep -oE "$counter\[num/s=[0-9]+" | tail -n 1 | grep -oE '[0-9]+$' || true)
  if [ "$rc" != 0 ] || ! grep -q "^success: " "$out" || [ -z "$ops" ]; then
    fail "$run" "$w" "$s" "smbtorture $test exit status $rc" "$out"
    return 0
  fi
  record "$run" "$w" "$s" "$ops"
}

listing() { # RUN SERVER
  local run=$1 s=$2 out="$work/log/$1.$2.list.out" rc=0 t0 t1 n
  t0=$(now)
  smbc "$s" -c "cd list; ls" > "$out" 2>&1 || rc=$?
  t1=$(now)
  n=$(grep -cE '^  entry[0-9]+\.txt ' "$out" || true)
  if [ "$rc" != 0 ] || [ "$n" != "$list_files" ]; then
    fail "$run" list "$s" "exit status $rc, $n of $list_files entries listed" "$out"
    return 0
  fi
  record "$run" list "$s" "$(calc "$list_files / ($t1 - $t0)")"
}

mput() { # RUN SERVER
  local run=$1 s=$2 out="$work/log/$1.$2.mput.out" rc=0 t0 t1 n target
  target="$(share_of "$s")/mput"
  rm -rf "$target"
  mkdir -p "$target"
  chmod 0777 "$target"
  t0=$(now)
  smbc "$s" -c "prompt; recurse; lcd $data/small; cd mput; mput *" > "$out" 2>&1 || rc=$?
  t1=$(now)
  n=$(find "$target" -type f | wc -l)
  if [ "$rc" != 0 ] || [ "$n" != "$mput_files" ]; then
    fail "$run" mput "$s" "exit status $rc, $n of $mput_files files arrived" "$out"
    return 0
  fi
  record "$run" mput "$s" "$(calc "$mput_files / ($t1 - $t0)")"
}

idle() { # RUN SERVER
  local run=$1 s=$2 out="$work/log/$1.$2.idle.out" rc=0 kib
  # A few connections first, closed again, so that neither server's first-use costs (the JIT
  # for ours) are counted as per-connection memory.
  timeout "$client_timeout" python3 "$LIB/smb2_idle_client.py" --port "$(port_of "$s")" --user "$user" \
    --nt-hash "$nt_hash" --share share --count 5 --settle 0 --server "$(spec_of "$s")" > "$out" 2>&1 || rc=$?
  python3 "$LIB/procstat.py" quiesce "$(spec_of "$s")"
  if [ "$rc" = 0 ]; then
    timeout "$client_timeout" python3 "$LIB/smb2_idle_client.py" --port "$(port_of "$s")" --user "$user" \
      --nt-hash "$nt_hash" --share share --count "$idle_conns" --settle "$idle_settle" \
      --server "$(spec_of "$s")" >> "$out" 2>&1 || rc=$?
  fi
  python3 "$LIB/procstat.py" quiesce "$(spec_of "$s")"
  kib=$(grep -oE 'kib_per_conn=[0-9.-]+' "$out" | tail -n 1 | cut -d= -f2 || true)
  if [ "$rc" != 0 ] || [ -z "$kib" ]; then
    fail "$run" idle_mem "$s" "idle client exit status $rc" "$out"
    return 0
  fi
  record "$run" idle_mem "$s" "$kib"
}

# --- metadata ------------------------------------------------------------------------------
dialect_of() {
  smbc "$1" -d 5 -c exit 2>&1 | grep -oE 'negotiated dialect\[[A-Z0-9_]+\]' | head -n 1 | sed 's/.*\[//; s/\]//' || true
}
started=$(date +%s)
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "mem_kib=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
  echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "kernel=$(uname -r)"
  echo "dotnet=$(dotnet --version 2>/dev/null || echo unknown)"
  echo "smbd=$("$smbd_bin" --version 2>/dev/null || echo unknown)"
  echo "smbclient=$(smbclient --version 2>/dev/null || echo unknown)"
  # The server's code is what is measured: only changes under src/ make the commit inexact.
  echo "commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ with uncommitted changes)')"
  echo "server_dll=${server_dll#"$REPO/"}"
  echo "runs=$runs"
  echo "smoke=$smoke"
  echo "big_mib=$big_mib"
  echo "list_files=$list_files"
  echo "mput_files=$mput_files"
  echo "idle_conns=$idle_conns"
  echo "torture_secs=$torture_secs"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$meta"
mkdir -p "$work/log"

# --- the runs ------------------------------------------------------------------------------
# Each run starts both servers fresh (so the idle-memory baseline is a server that has not yet
# grown its heap for the transfers), then runs each workload on A, then B.
servers=(ours samba)
for run in $(seq "$runs"); do
  log "run $run of $runs: starting SmbServer on port $ours_port and smbd on port $samba_port"
  start_ours
  start_samba
  if [ "$run" = 1 ]; then
    echo "dialect_ours=$(dialect_of ours)" >> "$meta"
    echo "dialect_samba=$(dialect_of samba)" >> "$meta"
  fi
  if wants idle; then
    log "run $run: $idle_conns idle connections"
    for s in "${servers[@]}"; do idle "$run" "$s"; done
  fi
  if wants transfer; then
    # One unmeasured write per fresh server first: the first 1 GiB a freshly started server
    # writes was often 2-4 times slower, with 2-4 times the CPU, for either server (the copy into
    # page-cache pages the hypervisor had taken back: this VM's balloon reports free pages).
    log "run $run: warm-up write (not measured)"
    for s in "${servers[@]}"; do smbc "$s" --client-protection=off -c "put $data/big big" > /dev/null 2>&1 || true; done
    for mode in plain sign aes128 aes256; do
      log "run $run: ${big_mib} MiB write and read, $mode"
      for s in "${servers[@]}"; do transfer "$run" "$s" write "$mode"; done
      for s in "${servers[@]}"; do transfer "$run" "$s" read "$mode"; done
    done
    # The writes leave gigabytes of dirty pages; their writeback (kernel threads using the same
    # two cores) must not run during the next workload's measurement, whichever server it hits.
    sync
  fi
  if wants echo; then
    log "run $run: smbtorture smb2.bench.echo, ${torture_secs} s"
    for s in "${servers[@]}"; do torture "$run" "$s" echo smb2.bench.echo echo; done
  fi
  if wants path; then
    log "run $run: smbtorture smb2.bench.path-contention-shared, ${torture_secs} s"
    for s in "${servers[@]}"; do torture "$run" "$s" path_contention smb2.bench.path-contention-shared open; done
  fi
  if wants list; then
    log "run $run: listing $list_files entries"
    for s in "${servers[@]}"; do listing "$run" "$s"; done
  fi
  if wants mput; then
    log "run $run: mput of $mput_files files"
    for s in "${servers[@]}"; do mput "$run" "$s"; done
  fi
  stop_ours
  stop_samba
done
{
  echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "duration_s=$(( $(date +%s) - started ))"
} >> "$meta"

# --- report --------------------------------------------------------------------------------
report_args=("$results" "$meta")
if [ "$docs" = 1 ]; then report_args+=(--docs "$REPO/docs/performance.md"); fi
python3 "$LIB/report.py" "${report_args[@]}"

if [ "$failures" != 0 ]; then
  echo "run.sh: $failures measurement(s) failed; logs in $work/log" >&2
  exit 1
fi
