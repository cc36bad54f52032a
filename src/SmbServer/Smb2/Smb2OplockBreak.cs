using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 OPLOCK_BREAK: the server's break notifications (MS-SMB2 3.3.4.6) and the client's
/// acknowledgments (3.3.5.22). An oplock acknowledgment goes to the open's backend, which ends the
/// break and wakes the opens waiting for it. Leases are not granted, so a lease acknowledgment names a
/// lease that does not exist: STATUS_OBJECT_NAME_NOT_FOUND (3.3.5.22.2).
/// </summary>
public static class Smb2OplockBreak
{
    /// <summary>MS-SMB2 3.3.4.6: a break notification is an unsolicited message with MessageId all ones.</summary>
    public const ulong NotificationMessageId = ulong.MaxValue;

    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var message = r.Message;
        if (!Protocol.Smb2.Smb2OplockBreak.TryClassify(message, Smb2Request.BodyOffset, out var kind, out var error)) return error;
        switch (kind)
        {
            case Smb2OplockBreakKind.Oplock:
            {
                if (!Smb2OplockBreakAcknowledgment.TryParse(message, Smb2Request.BodyOffset, out var ack, out error)) return error;
                var status = CheckOplockLevel(ack.OplockLevel);
                if (status.IsError) return status;
                status = Smb2HandlerSupport.FindOpen(r, ack.FileId, out var open);
                if (status.IsError) return status;
                var sub = open.Tree.Ntvfs.Backend.OplockBreakAckSend(Smb2HandlerSupport.NtvfsRequestFor(r), open.Handle, ack.OplockLevel);
                if (!await co.Yield(sub)) return NtStatus.Cancelled;
                status = NtvfsOp.Recv(sub, out Smb2OplockLevel granted);
                if (status.IsError) return status;
                // MS-SMB2 2.2.25.1: the response carries the level the open now holds.
                var body = r.ResponseMessage(Smb2OplockBreakResponse.StructureSize);
                r.SetBody(new Smb2OplockBreakResponse(granted, Smb2HandlerSupport.FileIdOf(open)).Write(body, Smb2Request.BodyOffset));
                return NtStatus.Success;
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

    /// <summary>
    /// MS-SMB2 3.3.4.6: tells the holder of <paramref name="open"/> its oplock is broken to
    /// <paramref name="level"/> (2.2.23.1). The notification has MessageId 0xFFFFFFFFFFFFFFFF,
    /// SessionId 0 and TreeId 0, takes no credit and is not signed (3.3.4.1.1: SessionId 0); it is
    /// encrypted with the open's session when that session or its share requires encryption
    /// (3.3.4.1.4). Nothing is sent once the open is closed or the connection gone. Loop of the connection.
    /// </summary>
    public static void SendNotification(Smb2Connection conn, Smb2Open open, Smb2OplockLevel level)
    {
        if (conn.IsClosed || !conn.Opens.TryGetValue(open.VolatileId, out var current) || !ReferenceEquals(current, open)) return;
        var message = new byte[Smb2Header.Size + Smb2OplockBreakNotification.StructureSize];
        new Smb2Header(
            CreditCharge: 0,
            Status: NtStatus.Success,
            Command: Smb2Command.OplockBreak,
            CreditRequestResponse: 0,
            Flags: Smb2HeaderFlags.ServerToRedir,
            NextCommand: 0,
            MessageId: NotificationMessageId,
            AsyncId: 0,
            ProcessId: 0,
            TreeId: 0,
            SessionId: 0,
            Signature: default).Write(message);
        new Smb2OplockBreakNotification(level, Smb2HandlerSupport.FileIdOf(open)).Write(message, Smb2Header.Size);
        var session = open.Session;
        bool encrypt = session.CanEncrypt && (session.EncryptData || open.Tree.EncryptData);
        conn.SendUnsolicited(message, encrypt ? session : null);
    }
}
