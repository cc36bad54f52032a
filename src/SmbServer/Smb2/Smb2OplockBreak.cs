using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 OPLOCK_BREAK acknowledgments (MS-SMB2 3.3.5.22). CREATE grants no oplocks and no leases yet,
/// so no break is ever pending: an oplock acknowledgment for an existing open is
/// STATUS_INVALID_OPLOCK_PROTOCOL (3.3.5.22.1, as Samba answers one it did not ask for), and a lease
/// acknowledgment names a lease that does not exist: STATUS_OBJECT_NAME_NOT_FOUND (3.3.5.22.2).
/// </summary>
public static class Smb2OplockBreak
{
    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        await default(NoYield);
        var message = r.Message;
        if (!Protocol.Smb2.Smb2OplockBreak.TryClassify(message, Smb2Request.BodyOffset, out var kind, out var error)) return error;
        switch (kind)
        {
            case Smb2OplockBreakKind.Oplock:
            {
                if (!Smb2OplockBreakAcknowledgment.TryParse(message, Smb2Request.BodyOffset, out var ack, out error)) return error;
                var status = CheckOplockLevel(ack.OplockLevel);
                if (status.IsError) return status;
                status = Smb2HandlerSupport.FindOpen(r, ack.FileId, out _);
                if (status.IsError) return status;
                return NtStatus.InvalidOplockProtocol;
            }
            case Smb2OplockBreakKind.Lease:
            {
                // MS-SMB2 2.2.24.2: leases exist from SMB 2.1 on; on 2.0.2 the structure is unknown.
                if (r.Connection.Dialect < Smb2Dialect.Smb210) return NtStatus.InvalidParameter;
                if (!Smb2LeaseBreakAcknowledgment.TryParse(message, Smb2Request.BodyOffset, out _, out error)) return error;
                return NtStatus.ObjectNameNotFound;
            }
            default:
                // A lease break notification is the server's to send, never the client's.
                return NtStatus.InvalidParameter;
        }
    }

    /// <summary>An acknowledgment can only agree to SMB2_OPLOCK_LEVEL_II or NONE (MS-SMB2 2.2.24.1; Samba checks it first).</summary>
    public static NtStatus CheckOplockLevel(Smb2OplockLevel level)
        => level is Smb2OplockLevel.None or Smb2OplockLevel.II ? NtStatus.Success : NtStatus.InvalidParameter;
}
