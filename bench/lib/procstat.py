#!/usr/bin/env python3
"""CPU time and memory of a server under test, read from /proc (proc(5)).

    procstat.py cpu ours:PID | samba:DIR     CPU seconds (user + system) so far, e.g. 12.34
    procstat.py mem ours:PID | samba:DIR     memory in KiB (see below)
    procstat.py quiesce samba:DIR            wait (5 s at most) until no per-connection smbd is left

ours:PID is SmbServer: one process, every connection on it; memory is its VmRSS.
samba:DIR is the smbd started by `bench/samba-reference.sh start PORT DIR`: the main smbd, one
forked smbd per connection, and its helpers (notifyd, cleanupd, samba-dcerpcd and its workers).
They share most of their pages, so their RSS values cannot be added; their PSS can (each shared
page is split between the processes that map it), and the sum is what the instance costs.
CPU for Samba adds every instance process's own time and the time of the children it has reaped
(cutime/cstime): a per-connection smbd that exited between two readings is counted once, in
its parent, as long as the parent has reaped it, which `quiesce` waits for.
"""
import os
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int):
    with open(f"/proc/{pid}/stat", "rb") as f:
        data = f.read().decode("ascii", "replace")
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    return data[data.rindex(")") + 2:].split()


def _cpu_ticks(pid: int, with_children: bool) -> int:
    rest = _stat_fields(pid)
    # proc(5): after pid and comm come state(3) ... utime(14) stime(15) cutime(16) cstime(17).
    utime, stime, cutime, cstime = (int(x) for x in rest[11:15])
    return utime + stime + (cutime + cstime if with_children else 0)


def _status_kib(pid: int, key: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(f"{key} not in /proc/{pid}/status")


def _pss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


class Server:
    @staticmethod
    def parse(spec: str) -> "Server":
        kind, _, arg = spec.partition(":")
        if kind == "ours" and arg.isdigit():
            return Ours(int(arg))
        if kind == "samba" and arg:
            return Samba(arg)
        raise SystemExit(f"procstat: expected ours:PID or samba:DIR, got {spec!r}")


class Ours(Server):
    def __init__(self, pid: int):
        self.pid = pid

    def cpu_seconds(self) -> float:
        return _cpu_ticks(self.pid, with_children=False) / CLK_TCK

    def memory_kib(self) -> int:
        return _status_kib(self.pid, "VmRSS")

    def quiesce(self):
        pass


class Samba(Server):
    def __init__(self, directory: str):
        # bench/samba-reference.sh: every process of the instance has this path on its command line.
        self.marker = os.path.join(os.path.abspath(directory), ".smbd", "smbd.conf").encode()
        with open(os.path.join(os.path.abspath(directory), ".smbd", "smbd.pid")) as f:
            self.main_pid = int(f.read().strip())

    def pids(self):
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    if self.marker in f.read():
                        found.append(int(entry))
            except OSError:
                pass  # gone meanwhile
        return found

    def _sum(self, fn) -> int:
        total = 0
        for pid in self.pids():
            try:
                total += fn(pid)
            except (OSError, ValueError, IndexError):
                pass  # exited between listing and reading: its CPU is in its parent's cutime
        return total

    def cpu_seconds(self) -> float:
        return self._sum(lambda pid: _cpu_ticks(pid, with_children=True)) / CLK_TCK

    def memory_kib(self) -> int:
        return self._sum(_pss_kib)

    def connection_children(self):
        """Forked per-connection smbds: children of the main smbd still named plain `smbd`."""
        kids = []
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/comm") as f:
                    comm = f.read().strip()
                if pid != self.main_pid and comm == "smbd" and int(_stat_fields(pid)[1]) == self.main_pid:
                    kids.append(pid)
            except (OSError, ValueError, IndexError):
                pass
        return kids

    def quiesce(self, timeout: float = 5.0):
        deadline = time.monotonic() + timeout
        while self.connection_children() and time.monotonic() < deadline:
            time.sleep(0.05)


def main(argv) -> int:
    if len(argv) != 3 or argv[1] not in ("cpu", "mem", "quiesce"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    server = Server.parse(argv[2])
    if argv[1] == "cpu":
        server.quiesce()
        print(f"{server.cpu_seconds():.3f}")
    elif argv[1] == "mem":
        print(server.memory_kib())
    else:
        server.quiesce()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
