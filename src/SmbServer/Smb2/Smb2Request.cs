using System.Buffers;
using Protocol;
using Protocol.Smb2;
using SmbServer.Transport;
using TEvent;

namespace SmbServer.Smb2;

/// <summary>
/// One SMB2 request of a (possibly compound) message, and the response being built for it.
/// Request offsets are relative to <see cref="Message"/>[0], the request's own header.
/// The response is built in a pooled buffer at <see cref="ResponseStart"/>, with room before it for
/// the 4-byte Direct TCP header and, when the response will be encrypted, the 52-byte TRANSFORM
/// header: a lone response (a READ's megabytes) is then framed, signed or encrypted in that buffer
/// and handed to the transport as it is, with no copy (<see cref="Smb2Connection.SendResponses"/>).
/// Loop-owned.
/// </summary>
public sealed class Smb2Request
{
    public const int BodyOffset = Smb2Header.Size;

    private byte[] _out = ArrayPool<byte>.Shared.Rent(256);
    private int _start = DirectTcpFraming.HeaderSize;

    public Smb2Request(Smb2Connection connection, byte[] frame, Smb2CompoundElement element, Smb2Header header)
    {
        Connection = connection;
        Frame = frame;
        Element = element;
        Header = header;
    }

    public Smb2Connection Connection { get; }
    public EventContext Ev => Connection.Ev;
    public byte[] Frame { get; }
    public Smb2CompoundElement Element { get; }
    public Smb2Header Header { get; }
    public Smb2Command Command => Header.Command;
    public ReadOnlySpan<byte> Message => Frame.AsSpan(Element.Offset, Element.Length);
    public ReadOnlyMemory<byte> MessageMemory => Frame.AsMemory(Element.Offset, Element.Length);
    public bool IsRelated => (Header.Flags & Smb2HeaderFlags.RelatedOperations) != 0;

    /// <summary>Whether this is the last (or only) request of its message: only that one may wait (go async).</summary>
    public bool IsLastInCompound { get; init; } = true;
    public bool IsSigned => (Header.Flags & Smb2HeaderFlags.Signed) != 0;

    public Smb2Session? Session { get; set; }
    public Smb2Tree? Tree { get; set; }

    /// <summary>The session id to put in the response (SESSION_SETUP assigns a new one).</summary>
    public ulong ResponseSessionId { get; set; }
    public uint ResponseTreeId { get; set; }

    /// <summary>The FileId a related request inherits (MS-SMB2 3.3.5.2.7.2), and the one this request used or created.</summary>
    public Smb2FileId? PreviousFileId { get; set; }
    public Smb2FileId? FileIdForNext { get; set; }

    /// <summary>
    /// The status the related requests after this one fail with without running: that of a failed
    /// CREATE, or of an invalid related chain (MS-SMB2 3.3.5.2.7.2). Success when they may run.
    /// </summary>
    public NtStatus CascadeError { get; set; }

    /// <summary>
    /// This request found no session (or no tree) under the identifier it used: a related request
    /// after it that needs one fails with STATUS_INVALID_PARAMETER (MS-SMB2 3.3.5.2.7.2), and so
    /// does every related request after that.
    /// </summary>
    public bool NoSessionForNext { get; set; }

    /// <inheritdoc cref="NoSessionForNext"/>
    public bool NoTreeForNext { get; set; }

    public NtStatus Status { get; set; }
    public bool BodyWritten { get; private set; }
    public int ResponseLength { get; private set; }

    /// <summary>Credits granted with this response (or with its interim response when async).</summary>
    public ushort CreditsGranted { get; set; }

    public bool IsAsync { get; private set; }
    public ulong AsyncId { get; private set; }

    /// <summary>The coroutine serving this request, for CANCEL.</summary>
    public TeventReq? HandlerReq { get; set; }

    /// <summary>
    /// Set when the request was cancelled because its tree or session went away (TREE_DISCONNECT,
    /// LOGOFF), not by an SMB2 CANCEL: some commands answer that differently (<see cref="Smb2Lock"/>).
    /// </summary>
    public bool CancelledByTeardown { get; set; }

    /// <summary>Set when the response must not be sent at all (a successful CANCEL has none; a lost connection).</summary>
    public bool NoResponse { get; set; }

    /// <summary>Responses of this request's message finished before it, not yet sent (shared by the compound).</summary>
    public List<Smb2Request> Batch { get; init; } = null!;

    /// <summary>Runs once the response header is written (the SMB 3.1.1 preauth hash needs the whole message).</summary>
    public Action<Smb2Request>? OnResponseFinal { get; set; }

    /// <summary>The request arrived inside an SMB2 TRANSFORM (encrypted) message.</summary>
    public bool WasEncrypted { get; init; }

    /// <summary>Encrypt the response with this session's key (MS-SMB2 3.3.4.1.4).</summary>
    public Smb2Session? EncryptWith { get; set; }

    /// <summary>Sign the response (decided by the dispatcher from the session and request).</summary>
    public bool SignResponse { get; set; }

    /// <summary>The pooled buffer the response is built in; the message starts at <see cref="ResponseStart"/>.</summary>
    public byte[] ResponseBuffer => _out;

    /// <summary>
    /// Where the response message (its SMB2 header) starts in <see cref="ResponseBuffer"/>: after room
    /// for the Direct TCP header, and for the TRANSFORM header too when the response is to be
    /// encrypted (<see cref="EncryptWith"/>, known before a handler runs).
    /// </summary>
    public int ResponseStart => _start;

    /// <summary>The finished response message (header and body, no padding).</summary>
    public Span<byte> Response => _out.AsSpan(_start, ResponseLength);

    /// <summary>The response message span with room for a body of <paramref name="bodyCapacity"/> bytes.</summary>
    public Span<byte> ResponseMessage(int bodyCapacity) => ResponseMessageMemory(bodyCapacity).Span;

    /// <summary>
    /// As <see cref="ResponseMessage"/>, as memory a backend may fill off the loop (a READ's data).
    /// A later call with no larger capacity keeps the same buffer and what was written in it.
    /// </summary>
    public Memory<byte> ResponseMessageMemory(int bodyCapacity)
    {
        _start = DirectTcpFraming.HeaderSize + (EncryptWith != null ? Smb2TransformHeader.Size : 0);
        int need = _start + BodyOffset + bodyCapacity + 8; // + room for 8-byte compound padding
        if (_out.Length < need)
        {
            ArrayPool<byte>.Shared.Return(_out);
            _out = ArrayPool<byte>.Shared.Rent(need);
        }
        return _out.AsMemory(_start, BodyOffset + bodyCapacity);
    }

    /// <summary>Hands the response buffer over (to the transport, which returns it to the pool); the request keeps none.</summary>
    public byte[] TakeResponseBuffer()
    {
        byte[] buffer = _out;
        _out = [];
        return buffer;
    }

    /// <summary>Records the body length written by a response's Write at <see cref="BodyOffset"/>.</summary>
    public void SetBody(int bodyLength)
    {
        ResponseLength = BodyOffset + bodyLength;
        BodyWritten = true;
    }

    /// <summary>The SMB2 ERROR response (MS-SMB2 2.2.2) for <paramref name="status"/>.</summary>
    public NtStatus Error(NtStatus status, ReadOnlySpan<byte> errorData = default)
    {
        var message = ResponseMessage(Smb2Wire.BodyLength(Smb2ErrorResponse.StructureSize, errorData.Length));
        int length = new Smb2ErrorResponse(0, (uint)errorData.Length, 0).Write(message, BodyOffset, errorData);
        SetBody(length);
        Status = status;
        return status;
    }

    /// <summary>
    /// The operation will wait (a blocking lock, a change notify, a pipe read): send the interim
    /// STATUS_PENDING response now (MS-SMB2 3.3.4.2) with an AsyncId the client can CANCEL by.
    /// </summary>
    public void GoAsync()
    {
        if (IsAsync) return;
        IsAsync = true;
        AsyncId = Connection.RegisterAsync(this);
        Connection.SendInterim(this);
    }

    public void ReleaseBuffers()
    {
        if (_out.Length > 0) ArrayPool<byte>.Shared.Return(_out);
        _out = [];
    }
}
