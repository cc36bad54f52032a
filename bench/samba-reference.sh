#!/usr/bin/env bash
# Samba's smbd as the reference server: the same clients, the same machine, the same
# smb.conf (ours reads Samba's syntax), so its answers and its speed can be compared with ours.
#
#   bench/samba-reference.sh start PORT DIR   start smbd on 127.0.0.1:PORT, state under DIR
#   bench/samba-reference.sh stop DIR         stop it (SIGTERM, then SIGKILL after 10 s)
#
# If DIR/smb.conf exists it is used as written (shares, `smb passwd file`, signing, ...): that is
# how integration tests run the same config against both servers (SMBSERVER_TEST_TARGET=samba).
# Otherwise a default is written: share `share` at DIR/share (read-write, guest ok) and user
# root / pass123 in DIR/smbpasswd (Samba's smbpasswd format, the same file our server reads).
# smbd's own plumbing (private/lock/state dirs, passdb, logs) lives under DIR/.smbd and is
# layered around DIR/smb.conf with `include`, so DIR/smb.conf stays one both servers accept.
#
# Needs root (smbd switches to the user it serves) and Debian's `samba` package.
# On success prints one line: pid=N port=PORT dir=DIR
set -euo pipefail

die() { echo "samba-reference: $*" >&2; exit 2; }

# Every process of this instance (smbd, its per-connection children, the samba-dcerpcd helpers
# it starts for IPC$) carries the path of the plumbing config on its command line.
instance_pids() {
  local conf=$1 p
  for p in /proc/[0-9]*; do
    if tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -qF -- "$conf"; then echo "${p#/proc/}"; fi
  done
}

stop() {
  local dir=${1:?usage: samba-reference.sh stop DIR}
  local conf="$dir/.smbd/smbd.conf" pids
  [ -f "$conf" ] || exit 0
  pids=$(instance_pids "$conf")
  [ -n "$pids" ] || exit 0
  # shellcheck disable=SC2086 # one pid per word
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 100); do
    pids=$(instance_pids "$conf")
    [ -z "$pids" ] && exit 0
    sleep 0.1
  done
  echo "samba-reference: smbd did not stop within 10 s, killing $pids" >&2
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  exit 1
}

start() {
  local port=${1:?usage: samba-reference.sh start PORT DIR} dir=${2:?usage: samba-reference.sh start PORT DIR}
  local smbd
  smbd=$(command -v smbd || true)
  [ -n "$smbd" ] || { [ -x /usr/sbin/smbd ] && smbd=/usr/sbin/smbd; }
  [ -n "$smbd" ] || die "smbd not found: install Debian's 'samba' package (apt-get install -y samba)"
  [ "$(id -u)" = 0 ] || die "smbd must run as root (it becomes the user it serves)"

  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local plumb="$dir/.smbd"
  mkdir -p "$plumb"/{priv,lock,state,cache,pid,ncalrpc,log}

  if [ ! -f "$dir/smb.conf" ]; then
    mkdir -p "$dir/share"
    chmod 0777 "$dir/share"
    # NT hash = MD4(UTF-16LE("pass123")). LCT (last change time, hex Unix seconds) must not be 0:
    # smbd reads 0 as "password must change at next logon" and refuses the logon.
    echo "root:0:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:5FBC3D5FEC8206A30F4B6C473D68AE76:[U          ]:LCT-65000000:" \
      > "$dir/smbpasswd"
    chmod 0600 "$dir/smbpasswd"
    cat > "$dir/smb.conf" <<CONF
[global]
  smb ports = $port
  interfaces = 127.0.0.1
  smb passwd file = $dir/smbpasswd
  map to guest = bad user

[share]
  path = $dir/share
  read only = no
  guest ok = yes
  comment = reference share
CONF
  fi

  # Plumbing first, then the shared config, then the address again so PORT always wins.
  cat > "$plumb/smbd.conf" <<CONF
[global]
  server role = standalone server
  workgroup = WORKGROUP
  server min protocol = SMB2_02
  disable netbios = yes
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  private dir = $plumb/priv
  lock directory = $plumb/lock
  state directory = $plumb/state
  cache directory = $plumb/cache
  pid directory = $plumb/pid
  ncalrpc dir = $plumb/ncalrpc
  log file = $plumb/log/log.%m
  passdb backend = smbpasswd
  smb passwd file = $dir/smbpasswd
  include = $dir/smb.conf

[global]
  smb ports = $port
  interfaces = 127.0.0.1
  bind interfaces only = yes
CONF

  # Its own session: on exit smbd signals its whole process group, which must not be ours.
  setsid "$smbd" --foreground --no-process-group --debug-stdout --debuglevel=1 \
    --configfile="$plumb/smbd.conf" > "$plumb/smbd.out" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid" > "$plumb/smbd.pid"

  for _ in $(seq 200); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "samba-reference: smbd exited during startup; its output:" >&2
      cat "$plumb/smbd.out" >&2
      exit 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "pid=$pid port=$port dir=$dir"
      exit 0
    fi
    sleep 0.1
  done
  echo "samba-reference: smbd did not accept on 127.0.0.1:$port within 20 s; its output:" >&2
  cat "$plumb/smbd.out" >&2
  stop "$dir"
  exit 1
}

case ${1:-} in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start PORT DIR | stop DIR" >&2; exit 2 ;;
esac
