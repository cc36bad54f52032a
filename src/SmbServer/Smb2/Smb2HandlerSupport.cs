using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Ntvfs;
using Protocol;
using Protocol.Smb2;
using TEvent;

namespace SmbServer.Smb2;

/// <summary>
/// What the file command handlers (CREATE ... OPLOCK_BREAK) share: the NTVFS request context, the
/// FileId lookup, the multi-credit charge rule, the interim response for operations that wait, and
/// the clean-up of a backend request the handler stopped waiting for. Loop thread only.
/// </summary>
public static class Smb2HandlerSupport
{
    /// <summary>Largest payload a single credit pays for (MS-SMB2 3.1.5.2).</summary>
    public const int CreditPayloadSize = 65536;

    /// <summary>
    /// The NTVFS context of a request on its tree. <paramref name="mayGoAsync"/> is true only for the
    /// operations that can wait for an outside event (a pipe read, a blocking lock, a change notify,
    /// a pipe transceive); everything else the backend must answer as soon as its I/O is done.
    /// </summary>
    public static NtvfsRequest NtvfsRequestFor(Smb2Request r, bool mayGoAsync = false)
        => new(r.Ev, r.Tree!.Ntvfs, r.Connection.Transport.RemoteEndPoint, mayGoAsync);

    /// <summary>
    /// MS-SMB2 3.3.5.2.5 with the formula of 3.1.5.2: with multi-credit, CreditCharge must cover
    /// max(request payload, maximum response payload) in 64 KiB units (a charge of 0 pays for one
    /// unit); without it, no payload may exceed 64 KiB (3.2.4.1.5). Fails with STATUS_INVALID_PARAMETER.
    /// </summary>
    public static NtStatus CheckCreditCharge(bool supportsMultiCredit, ushort creditCharge, long payloadSize)
    {
        if (!supportsMultiCredit)
            return payloadSize > CreditPayloadSize ? NtStatus.InvalidParameter : NtStatus.Success;
        long needed = payloadSize <= 0 ? 1 : (payloadSize - 1) / CreditPayloadSize + 1;
        return needed > Math.Max((int)creditCharge, 1) ? NtStatus.InvalidParameter : NtStatus.Success;
    }

    /// <summary><see cref="CheckCreditCharge(bool, ushort, long)"/> for the connection and header of <paramref name="r"/>.</summary>
    public static NtStatus CheckCreditCharge(Smb2Request r, long payloadSize)
        => CheckCreditCharge(r.Connection.SupportsMultiCredit, r.Header.CreditCharge, payloadSize);

    /// <summary>
    /// Finds the open a request names (the all-ones FileId of a related request means the previous
    /// one's, MS-SMB2 3.3.5.2.7.2) in the request's session and tree. Records the FileId the request
    /// works on for the related requests after it. STATUS_FILE_CLOSED when there is no such open, as
    /// every FileId-bearing command of MS-SMB2 3.3.5.10 - 3.3.5.22 answers.
    /// </summary>
    public static NtStatus FindOpen(Smb2Request r, Smb2FileId fileId, out Smb2Open open)
    {
        var found = r.Connection.FindOpen(r, fileId);
        if (found == null)
        {
            open = null!;
            return NtStatus.FileClosed;
        }
        open = found;
        r.FileIdForNext = FileIdOf(found);
        return NtStatus.Success;
    }

    public static Smb2FileId FileIdOf(Smb2Open open) => new(open.PersistentId, open.VolatileId);

    /// <summary>
    /// Call right after starting a backend operation that may wait: if it did not complete at once,
    /// send the interim STATUS_PENDING response now (MS-SMB2 3.3.4.2) so the client can CANCEL it by
    /// AsyncId and is not left without an answer.
    /// <para>
    /// A request that is not the last of its compound does not wait (MS-SMB2 3.3.5.2.7 lets the
    /// server fail it; Windows and Samba answer STATUS_INTERNAL_ERROR, smbtorture smb2.compound.interim2):
    /// <paramref name="sub"/> is cancelled and false returned; the handler still waits for it to
    /// end and then answers <see cref="AsyncRefusedStatus"/>. When the backend cannot cancel it,
    /// the request goes async after all.
    /// </para>
    /// </summary>
    public static bool GoAsyncIfWaiting(Smb2Request r, TeventReq sub)
    {
        if (!sub.IsInProgress) return true;
        if (!r.IsLastInCompound && sub.Cancel()) return false;
        r.GoAsync();
        return true;
    }

    /// <summary>
    /// The answer of a request <see cref="GoAsyncIfWaiting"/> refused to let wait: STATUS_INTERNAL_ERROR
    /// when the backend ended it as cancelled, else the backend's own answer (it completed first).
    /// </summary>
    public static NtStatus AsyncRefusedStatus(NtStatus backendStatus)
        => backendStatus == NtStatus.Cancelled ? NtStatus.InternalError : backendStatus;

    /// <summary>
    /// The handler was cancelled while waiting for <paramref name="sub"/> (Yield returned false), so
    /// nobody will collect its result. If its result needs undoing (a CREATE that opened a handle),
    /// <paramref name="late"/> is given the status and result once they exist: at once when the
    /// backend already completed it, else from its completion callback.
    /// </summary>
    public static void Abandon<T>(TeventReq sub, Action<NtStatus, T> late)
    {
        if (sub.IsCompleted)
        {
            var status = NtvfsOp.Recv(sub, out T result);
            late(status, result);
            return;
        }
        sub.SetCallback(done =>
        {
            var status = NtvfsOp.Recv(done, out T result);
            late(status, result);
        });
    }

    /// <summary>
    /// UTF-16LE bytes as a string, unpaired surrogates kept as they are (Encoding.Unicode would turn
    /// them into U+FFFD and so name a different file): the backend's name rules refuse them.
    /// </summary>
    public static string DecodeUtf16(ReadOnlySpan<byte> utf16)
    {
        utf16 = utf16[..(utf16.Length & ~1)];
        if (BitConverter.IsLittleEndian) return new string(MemoryMarshal.Cast<byte, char>(utf16));
        var chars = new char[utf16.Length / 2];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(utf16[(2 * i)..]);
        return new string(chars);
    }

    /// <summary>
    /// A private copy of request bytes for a backend that may still read them after the handler
    /// stopped waiting (cancelled); the message buffer goes back to its pool when the message is done.
    /// Used for the small buffers (SET_INFO, QUERY_INFO and IOCTL input); WRITE data is not copied.
    /// </summary>
    public static ReadOnlyMemory<byte> CopyOf(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? ReadOnlyMemory<byte>.Empty : bytes.ToArray();

    /// <summary>The bytes of an info result, empty when the backend gave none (error results carry no buffer).</summary>
    public static ReadOnlySpan<byte> DataOf(in NtvfsInfoResult result)
        => result.Buffer == null ? default : result.Buffer.AsSpan(0, Math.Clamp(result.Length, 0, result.Buffer.Length));
}
