#!/usr/bin/env python3
"""Idle-connection cost of an SMB server: open N authenticated, tree-connected SMB2 connections,
keep them open and idle, and report how much the server's memory grew per connection.

    smb2_idle_client.py --port P --user U --nt-hash HEX --share S --count N --server ours:PID
    smb2_idle_client.py ... --server samba:DIR       (every process of bench/samba-reference.sh DIR)

Prints one line: `kib_per_conn=F connections=N before_kib=B after_kib=A seconds=T`.

Why a client of our own: smbclient holds one connection per process, and 1,000 smbclient
processes cost more than the servers being measured on a 2-core machine; Debian's python3-samba
is a large dependency for three requests. This speaks just enough SMB2 to get a connection to
where a real client sits idle: NEGOTIATE (MS-SMB2 2.2.3, dialects 2.0.2 and 2.1 only, which both
servers speak, so both do the same work), SESSION_SETUP (2.2.5) carrying NTLMv2 (MS-NLMP 3.3.2)
inside SPNEGO (RFC 4178), then TREE_CONNECT (2.2.9). Nothing is signed: neither server requires
it by default. The password is never needed, only the NT hash, which the bench reads from the
smbpasswd file both servers use.
"""
import argparse
import hmac
import os
import socket
import struct
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procstat  # noqa: E402  (bench/lib, next to this file)

# MS-SMB2 2.2.1: commands used here.
NEGOTIATE, SESSION_SETUP, TREE_CONNECT = 0x0000, 0x0001, 0x0003
STATUS_SUCCESS, STATUS_MORE_PROCESSING_REQUIRED = 0x00000000, 0xC0000016

# MS-NLMP 2.2.2.5 NegotiateFlags.
NTLMSSP_NEGOTIATE_UNICODE = 0x00000001
NTLMSSP_REQUEST_TARGET = 0x00000004
NTLMSSP_NEGOTIATE_NTLM = 0x00000200
NTLMSSP_NEGOTIATE_ALWAYS_SIGN = 0x00008000
NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000
NTLMSSP_NEGOTIATE_128 = 0x20000000
NTLMSSP_NEGOTIATE_56 = 0x80000000
CLIENT_FLAGS = (NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_REQUEST_TARGET | NTLMSSP_NEGOTIATE_NTLM
                | NTLMSSP_NEGOTIATE_ALWAYS_SIGN | NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
                | NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_56)

OID_SPNEGO = bytes.fromhex("2b0601050502")          # 1.3.6.1.5.5.2
OID_NTLMSSP = bytes.fromhex("2b06010401823702020a")  # 1.3.6.1.4.1.311.2.2.10


class SmbError(Exception):
    pass


def der(tag: int, content: bytes) -> bytes:
    """One DER element (X.690 8.1): tag, definite length, content."""
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def spnego_init(mech_token: bytes) -> bytes:
    """RFC 4178 4.2.1 NegTokenInit inside the RFC 2743 3.1 initial-context token, NTLMSSP only."""
    mech_types = der(0xA0, der(0x30, der(0x06, OID_NTLMSSP)))
    token = der(0xA2, der(0x04, mech_token))
    return der(0x60, der(0x06, OID_SPNEGO) + der(0xA0, der(0x30, mech_types + token)))


def spnego_response(token: bytes) -> bytes:
    """RFC 4178 4.2.2 NegTokenResp carrying only responseToken."""
    return der(0xA1, der(0x30, der(0xA2, der(0x04, token))))


def ntlm_negotiate() -> bytes:
    """MS-NLMP 2.2.1.1 NEGOTIATE_MESSAGE without domain, workstation or version."""
    return b"NTLMSSP\0" + struct.pack("<II8s8s", 1, CLIENT_FLAGS, b"\0" * 8, b"\0" * 8)


def ntlm_challenge(blob: bytes):
    """MS-NLMP 2.2.1.2 CHALLENGE_MESSAGE, found inside the server's SPNEGO answer by its signature."""
    start = blob.find(b"NTLMSSP\0\x02\0\0\0")
    if start < 0:
        raise SmbError("no NTLMSSP CHALLENGE_MESSAGE in the SESSION_SETUP response")
    msg = blob[start:]
    if len(msg) < 48:
        raise SmbError("CHALLENGE_MESSAGE truncated")
    flags, = struct.unpack_from("<I", msg, 20)
    challenge = msg[24:32]
    ti_len, _, ti_off = struct.unpack_from("<HHI", msg, 40)
    if ti_off + ti_len > len(msg):
        raise SmbError("CHALLENGE_MESSAGE TargetInfo past its end")
    return flags, challenge, msg[ti_off:ti_off + ti_len]


def av_timestamp(target_info: bytes):
    """MS-NLMP 2.2.2.1: MsvAvTimestamp (AvId 7) if the server sent one."""
    pos = 0
    while pos + 4 <= len(target_info):
        av_id, av_len = struct.unpack_from("<HH", target_info, pos)
        if av_id == 0:
            break
        if av_id == 7 and av_len == 8:
            return target_info[pos + 4:pos + 12]
        pos += 4 + av_len
    return None


def ntlm_authenticate(nt_hash: bytes, user: str, domain: str, flags: int, challenge: bytes,
                      target_info: bytes) -> bytes:
    """MS-NLMP 2.2.1.3 AUTHENTICATE_MESSAGE with an NTLMv2 response (3.3.2); no MIC, no key exchange."""
    nt_owf_v2 = hmac.new(nt_hash, (user.upper() + domain).encode("utf-16-le"), "md5").digest()
    timestamp = av_timestamp(target_info)
    if timestamp is None:
        timestamp = struct.pack("<Q", int((time.time() + 11644473600) * 10_000_000))
    client_challenge = os.urandom(8)
    temp = (b"\x01\x01" + b"\0" * 6 + timestamp + client_challenge + b"\0" * 4 + target_info + b"\0" * 4)
    nt_proof = hmac.new(nt_owf_v2, challenge + temp, "md5").digest()
    nt_response = nt_proof + temp
    lm_response = b"\0" * 24  # 3.3.2: zeros when the server sent MsvAvTimestamp; unused otherwise
    domain_b, user_b, ws_b = domain.encode("utf-16-le"), user.encode("utf-16-le"), b""
    payload = b""
    fields = []
    offset = 64  # header plus the six field descriptors and the flags; no version, no MIC
    for part in (lm_response, nt_response, domain_b, user_b, ws_b, b""):
        fields.append(struct.pack("<HHI", len(part), len(part), offset + len(payload)))
        payload += part
    neg_flags = CLIENT_FLAGS & (flags | NTLMSSP_NEGOTIATE_UNICODE)
    return b"NTLMSSP\0" + struct.pack("<I", 3) + b"".join(fields) + struct.pack("<I", neg_flags) + payload


class Connection:
    """One SMB2 connection over direct TCP (MS-SMB2 2.1: 4-byte length prefix)."""

    def __init__(self, host: str, port: int, timeout: float):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.message_id = 0
        self.session_id = 0
        self.tree_id = 0
        self.dialect = 0

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def _recv_exact(self, n: int) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise SmbError("server closed the connection")
            buf += chunk
        return bytes(buf)

    def call(self, command: int, body: bytes):
        # MS-SMB2 2.2.1.2 SYNC header. CreditCharge is reserved in 2.0.2 (0); 1 otherwise.
        charge = 0 if self.dialect in (0, 0x0202) else 1
        header = struct.pack("<4sHHIHHIIQIIQ16s", b"\xfeSMB", 64, charge, 0, command, 8, 0, 0,
                             self.message_id, 0xFEFF, self.tree_id, self.session_id, b"\0" * 16)
        self.message_id += 1
        packet = header + body
        self.sock.sendall(struct.pack(">I", len(packet)) + packet)
        while True:
            length = struct.unpack(">I", self._recv_exact(4))[0] & 0xFFFFFF
            reply = self._recv_exact(length)
            if len(reply) < 64 or reply[:4] != b"\xfeSMB":
                raise SmbError("not an SMB2 response")
            status, = struct.unpack_from("<I", reply, 8)
            flags, = struct.unpack_from("<I", reply, 16)
            # An interim async response (STATUS_PENDING with ASYNC_COMMAND): wait for the final one.
            if status == 0x00000103 and flags & 0x2:
                continue
            return status, reply

    def negotiate(self):
        dialects = (0x0202, 0x0210)
        body = struct.pack("<HHHHI16sQ", 36, len(dialects), 1, 0, 0, os.urandom(16), 0)
        body += b"".join(struct.pack("<H", d) for d in dialects)
        status, reply = self.call(NEGOTIATE, body)
        if status != STATUS_SUCCESS:
            raise SmbError(f"NEGOTIATE failed: 0x{status:08x}")
        self.dialect, = struct.unpack_from("<H", reply, 64 + 4)

    def session_setup(self, token: bytes):
        # MS-SMB2 2.2.5: 24 fixed bytes, buffer at 64 + 24; SecurityMode = SIGNING_ENABLED.
        body = struct.pack("<HBBIIHHQ", 25, 0, 1, 0, 0, 64 + 24, len(token), 0) + token
        status, reply = self.call(SESSION_SETUP, body)
        self.session_id, = struct.unpack_from("<Q", reply, 40)
        if status not in (STATUS_SUCCESS, STATUS_MORE_PROCESSING_REQUIRED):
            raise SmbError(f"SESSION_SETUP failed: 0x{status:08x}")
        off, length = struct.unpack_from("<HH", reply, 64 + 4)
        return status, reply[off:off + length]

    def tree_connect(self, path: str):
        unc = path.encode("utf-16-le")
        body = struct.pack("<HHHH", 9, 0, 64 + 8, len(unc)) + unc
        status, reply = self.call(TREE_CONNECT, body)
        if status != STATUS_SUCCESS:
            raise SmbError(f"TREE_CONNECT {path} failed: 0x{status:08x}")
        self.tree_id, = struct.unpack_from("<I", reply, 36)


def open_connection(args) -> Connection:
    conn = Connection(args.host, args.port, args.timeout)
    try:
        conn.negotiate()
        status, blob = conn.session_setup(spnego_init(ntlm_negotiate()))
        if status != STATUS_MORE_PROCESSING_REQUIRED:
            raise SmbError(f"SESSION_SETUP round 1: expected MORE_PROCESSING_REQUIRED, got 0x{status:08x}")
        flags, challenge, target_info = ntlm_challenge(blob)
        auth = ntlm_authenticate(bytes.fromhex(args.nt_hash), args.user, args.domain, flags, challenge,
                                 target_info)
        status, _ = conn.session_setup(spnego_response(auth))
        if status != STATUS_SUCCESS:
            raise SmbError(f"SESSION_SETUP round 2: 0x{status:08x}")
        conn.tree_connect(f"\\\\{args.host}\\{args.share}")
        return conn
    except Exception:
        conn.close()
        raise


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--domain", default="WORKGROUP")
    p.add_argument("--nt-hash", required=True, help="32 hex digits, as in the smbpasswd file")
    p.add_argument("--share", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--server", required=True, help="ours:PID or samba:DIR (bench/samba-reference.sh DIR)")
    p.add_argument("--parallel", type=int, default=8, help="handshakes in flight at once")
    p.add_argument("--settle", type=float, default=2.0, help="seconds idle before the second measurement")
    p.add_argument("--timeout", type=float, default=30.0)
    args = p.parse_args()

    server = procstat.Server.parse(args.server)
    before = server.memory_kib()
    started = time.monotonic()
    conns = []
    try:
        with ThreadPoolExecutor(max_workers=args.parallel) as pool:
            for conn in pool.map(lambda _: open_connection(args), range(args.count)):
                conns.append(conn)
        opened = time.monotonic() - started
        time.sleep(args.settle)
        after = server.memory_kib()
        # Every connection must still be there: a server that dropped some would look cheap.
        for conn in conns:
            conn.sock.settimeout(0.0)
            try:
                if conn.sock.recv(1, socket.MSG_PEEK) == b"":
                    raise SmbError("the server closed an idle connection during the measurement")
            except BlockingIOError:
                pass
    except (OSError, SmbError) as e:
        print(f"smb2_idle_client: {len(conns)}/{args.count} connections open: {e}", file=sys.stderr)
        return 1
    finally:
        for conn in conns:
            conn.close()
    print(f"kib_per_conn={(after - before) / args.count:.1f} connections={args.count} "
          f"before_kib={before} after_kib={after} seconds={opened:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
