using Protocol.Dcerpc.Ndr;

namespace Protocol.Dcerpc;

/// <summary>
/// The server end of one named-pipe open carrying connection-oriented DCE/RPC (C706 chapter 12, MS-RPCE 3.3):
/// one association. Pure: the SMB layer hands it the bytes a client wrote (<see cref="Write"/>) and takes the PDUs
/// it answered (<see cref="Read(Span{byte}, out int)"/>, or both at once with <see cref="Transceive"/> for
/// FSCTL_PIPE_TRANSCEIVE). Owned by one connection's loop; not thread-safe.
/// <para>
/// Input is a byte stream: a write may hold part of a PDU or several PDUs. Output is a queue of messages, one PDU
/// each, as a message-mode pipe delivers them: a read returns at most the rest of one message.
/// </para>
/// <para>
/// No input makes it throw. A PDU it can frame but not accept is answered (fault, bind_nak) and the association
/// goes on; input that loses the framing (a header that is not version 5, a frag_length shorter than a header)
/// breaks the pipe: it answers what it can, then refuses further writes with STATUS_PIPE_DISCONNECTED.
/// An exception thrown by a plugged-in <see cref="IDcerpcInterface"/> is a bug, not input, and propagates.
/// </para>
/// </summary>
public sealed class DcerpcPipe
{
    private readonly DcerpcPipeOptions _options;
    private readonly string _secondaryAddress;
    private readonly DcerpcContextTable _contexts;
    private readonly DcerpcRequestReassembly _reassembly = new();
    private readonly NdrWriter _stubWriter = new();
    private readonly Queue<byte[]> _output = new();

    private byte[] _input = new byte[DcerpcHeader.Size];
    private int _inputLength;
    private int _expectedLength;
    private int _headOffset;
    private uint? _discardCallId;

    public DcerpcPipe(string pipeName, IReadOnlyList<IDcerpcInterface> interfaces, DcerpcPipeOptions? options = null)
    {
        PipeName = pipeName;
        _contexts = new DcerpcContextTable(interfaces);
        _options = options ?? new DcerpcPipeOptions();
        // C706 12.6.4.4 sec_addr: over ncacn_np, Windows and Samba put the pipe's path there.
        _secondaryAddress = @"\PIPE\" + pipeName;
    }

    public string PipeName { get; }
    /// <summary>True once a bind was acknowledged.</summary>
    public bool IsBound { get; private set; }
    /// <summary>True after the framing was lost; the pipe then refuses input and should be closed.</summary>
    public bool IsBroken { get; private set; }
    /// <summary>Largest fragment we send, negotiated in bind (0 before).</summary>
    public ushort MaxXmitFrag { get; private set; }
    /// <summary>Largest fragment we told the client we receive, negotiated in bind (0 before).</summary>
    public ushort MaxRecvFrag { get; private set; }
    public uint AssocGroupId { get; private set; }
    /// <summary>The BindTimeFeatureNegotiationBitmask we acknowledged (MS-RPCE 3.3.1.5.3), 0 when none was offered.</summary>
    public byte NegotiatedFeatures => _contexts.NegotiatedFeatures;
    /// <summary>Presentation context id -> the interface it is bound to.</summary>
    public IReadOnlyDictionary<ushort, IDcerpcInterface> BoundContexts => _contexts.Bound;

    /// <summary>Octets of answered PDUs waiting to be read.</summary>
    public int PendingOutputLength { get; private set; }
    /// <summary>Octets left in the message the next read returns from (0 when nothing waits).</summary>
    public int NextMessageLength => _output.Count == 0 ? 0 : _output.Peek().Length - _headOffset;

    /// <summary>
    /// Takes bytes a client wrote to the pipe and answers every PDU they complete. Returns Success when the bytes were
    /// taken (an answer may be waiting), STATUS_PIPE_DISCONNECTED once the pipe is broken, STATUS_RPC_PROTOCOL_ERROR
    /// when these bytes broke the framing without an answer to give, STATUS_INSUFFICIENT_RESOURCES while more than
    /// MaxPendingOutput octets of answers wait to be read.
    /// </summary>
    public NtStatus Write(ReadOnlySpan<byte> data)
    {
        if (IsBroken) return NtStatus.PipeDisconnected;
        if (PendingOutputLength > _options.MaxPendingOutput) return NtStatus.InsufficientResources;

        while (!data.IsEmpty)
        {
            if (_inputLength < DcerpcHeader.Size)
            {
                int take = Math.Min(DcerpcHeader.Size - _inputLength, data.Length);
                data[..take].CopyTo(_input.AsSpan(_inputLength));
                _inputLength += take;
                data = data[take..];
                if (_inputLength < DcerpcHeader.Size) break;
                if (!TryFrame(_input.AsSpan(0, DcerpcHeader.Size), out bool answered))
                    return answered ? NtStatus.Success : NtStatus.RpcProtocolError;
            }

            int needed = Math.Min(_expectedLength - _inputLength, data.Length);
            data[..needed].CopyTo(_input.AsSpan(_inputLength));
            _inputLength += needed;
            data = data[needed..];
            if (_inputLength == _expectedLength)
            {
                _inputLength = 0;
                ProcessPdu(_input.AsSpan(0, _expectedLength));
            }
        }
        return NtStatus.Success;
    }

    /// <summary>Copies out the next answered message, or as much of it as fits; see <see cref="Read(Span{byte}, out int)"/>.</summary>
    public int Read(Span<byte> destination) => Read(destination, out _);

    /// <summary>
    /// Copies out at most the rest of one message (one PDU). <paramref name="messageRemaining"/> is what is left of
    /// that message when <paramref name="destination"/> was too small; the SMB layer then answers
    /// STATUS_BUFFER_OVERFLOW and the next read continues the same message. Returns 0 when nothing waits.
    /// </summary>
    public int Read(Span<byte> destination, out int messageRemaining)
    {
        messageRemaining = 0;
        if (_output.Count == 0) return 0;
        byte[] head = _output.Peek();
        int count = Math.Min(head.Length - _headOffset, destination.Length);
        head.AsSpan(_headOffset, count).CopyTo(destination);
        _headOffset += count;
        PendingOutputLength -= count;
        if (_headOffset == head.Length)
        {
            _output.Dequeue();
            _headOffset = 0;
        }
        else
        {
            messageRemaining = head.Length - _headOffset;
        }
        return count;
    }

    /// <summary>
    /// FSCTL_PIPE_TRANSCEIVE (MS-FSCC): writes <paramref name="input"/>, then reads one answered message into
    /// <paramref name="output"/>. Returns STATUS_BUFFER_OVERFLOW when the message did not fit (the rest stays for
    /// READ), a failure status of <see cref="Write"/> as it is, and Success with 0 bytes when the input completed no
    /// PDU that has an answer.
    /// </summary>
    public NtStatus Transceive(ReadOnlySpan<byte> input, Span<byte> output, out int bytesWritten)
    {
        bytesWritten = 0;
        NtStatus status = Write(input);
        if (!status.IsSuccess) return status;
        bytesWritten = Read(output, out int remaining);
        return remaining > 0 ? NtStatus.BufferOverflow : NtStatus.Success;
    }

    // C706 12.6.3.1: the header frames the PDU. A major version other than 5 means another header layout, and a
    // frag_length shorter than a header cannot advance the stream: both lose the framing for good.
    private bool TryFrame(ReadOnlySpan<byte> headerBytes, out bool answered)
    {
        answered = false;
        DcerpcHeader.TryParse(headerBytes, out var header, out _);
        if (header.RpcVersion != DcerpcHeader.Version)
        {
            // C706 12.6.4.5: a bind in a version we do not speak gets bind_nak with the versions we do.
            answered = header.PacketType == DcerpcPacketType.Bind;
            if (answered) Enqueue(DcerpcBindNak.Build(header.CallId, DcerpcBindNakReason.ProtocolVersionNotSupported));
            Break();
            return false;
        }
        if (header.FragLength < DcerpcHeader.Size)
        {
            Fault(header.CallId, 0, DcerpcFaultStatus.ProtocolError);
            answered = true;
            Break();
            return false;
        }
        _expectedLength = header.FragLength;
        if (_input.Length < _expectedLength)
        {
            var larger = new byte[_expectedLength];
            headerBytes.CopyTo(larger);
            _input = larger;
        }
        return true;
    }

    private void Break()
    {
        IsBroken = true;
        _inputLength = 0;
        _reassembly.Clear();
    }

    private void ProcessPdu(ReadOnlySpan<byte> pdu)
    {
        DcerpcHeader.TryParse(pdu, out var header, out _);
        bool bindLike = header.PacketType is DcerpcPacketType.Bind or DcerpcPacketType.AlterContext;

        // MS-RPCE 2.2.2.5: a protocol error inside a bind is answered with bind_nak reason 4; elsewhere with a fault.
        uint problem = 0;
        if (header.RpcVersionMinor > DcerpcHeader.MaxVersionMinor || header.BodyLength < 0)
            problem = DcerpcFaultStatus.ProtocolError;
        else if (!header.HasSupportedDataRepresentation)
            problem = DcerpcFaultStatus.UnsupportedType;
        if (problem != 0)
        {
            if (header.PacketType == DcerpcPacketType.Bind)
                Enqueue(DcerpcBindNak.Build(header.CallId, DcerpcBindNakReason.ProtocolVersionNotSupported));
            else if (bindLike || header.PacketType == DcerpcPacketType.Request)
                Fault(header.CallId, 0, problem);
            if (header.PacketType == DcerpcPacketType.Request) AbandonRequest(header);
            return;
        }

        ReadOnlySpan<byte> body = pdu.Slice(DcerpcHeader.Size, header.BodyLength);
        switch (header.PacketType)
        {
            case DcerpcPacketType.Bind:
                HandleBind(header, body);
                break;
            case DcerpcPacketType.AlterContext:
                HandleAlterContext(header, body);
                break;
            case DcerpcPacketType.Request:
                HandleRequest(header, body);
                break;
            case DcerpcPacketType.Orphaned:
                // C706 12.6.4.8 / MS-RPCE 3.3.1.5.10: the client abandoned the call; drop what we gathered of it.
                if (_reassembly.InProgress && _reassembly.CallId == header.CallId) _reassembly.Clear();
                break;
            case DcerpcPacketType.CoCancel:
            case DcerpcPacketType.Auth3:
            case DcerpcPacketType.Shutdown:
                // No answer is defined for these. Calls run to completion inside Write, so there is nothing left to
                // cancel; we negotiate no authentication, so an AUTH3 has nothing to complete; shutdown is ours to send.
                break;
            default:
                // A PDU only a server sends, or a connectionless one: not ours to receive.
                Fault(header.CallId, 0, DcerpcFaultStatus.ProtocolError);
                break;
        }
    }

    private void HandleBind(DcerpcHeader header, ReadOnlySpan<byte> body)
    {
        if (header.AuthLength != 0)
        {
            // Authentication comes from the SMB session; we speak no DCE/RPC security provider.
            Enqueue(DcerpcBindNak.Build(header.CallId, DcerpcBindNakReason.AuthenticationTypeNotRecognized));
            return;
        }
        if (IsBound)
        {
            // C706 12.6.4.3: one bind per association; further contexts come with alter_context.
            Enqueue(DcerpcBindNak.Build(header.CallId, DcerpcBindNakReason.ReasonNotSpecified));
            return;
        }
        if (!DcerpcBind.TryParse(body, out var bind, out _) || bind.Contexts.Count == 0)
        {
            Enqueue(DcerpcBindNak.Build(header.CallId, DcerpcBindNakReason.ProtocolVersionNotSupported));
            return;
        }

        // C706 12.6.3.1: we send at most what the client receives and receive at most what it sends, but never
        // less than MustRecvFragSize, which every peer must accept.
        MaxXmitFrag = NegotiateFragment(bind.MaxRecvFrag);
        MaxRecvFrag = NegotiateFragment(bind.MaxXmitFrag);
        AssocGroupId = bind.AssocGroupId != 0 ? bind.AssocGroupId : _options.AssocGroupId;
        IsBound = true;
        var results = _contexts.Negotiate(bind.Contexts);
        Enqueue(DcerpcBindAck.Build(DcerpcPacketType.BindAck, header.CallId, MaxXmitFrag, MaxRecvFrag, AssocGroupId, _secondaryAddress, results));
    }

    private void HandleAlterContext(DcerpcHeader header, ReadOnlySpan<byte> body)
    {
        // C706 12.6.4.1: alter_context has no nak; a protocol error in one is answered with a fault.
        if (!IsBound || header.AuthLength != 0 || !DcerpcBind.TryParse(body, out var alter, out _) || alter.Contexts.Count == 0)
        {
            Fault(header.CallId, 0, DcerpcFaultStatus.ProtocolError);
            return;
        }
        var results = _contexts.Negotiate(alter.Contexts);
        // C706 12.6.4.2: fragment sizes stay those of the bind; the secondary address is left empty, as Windows does.
        Enqueue(DcerpcBindAck.Build(DcerpcPacketType.AlterContextResp, header.CallId, MaxXmitFrag, MaxRecvFrag, AssocGroupId, string.Empty, results));
    }

    private ushort NegotiateFragment(ushort offered)
        => Math.Max(DcerpcPipeOptions.MinimumFragmentSize, Math.Min(offered, _options.MaxFragmentSize));

    private void HandleRequest(DcerpcHeader header, ReadOnlySpan<byte> body)
    {
        bool first = (header.Flags & DcerpcPfcFlags.FirstFrag) != 0;
        bool last = (header.Flags & DcerpcPfcFlags.LastFrag) != 0;

        // The rest of a call we already answered with a fault: swallow its fragments.
        if (_discardCallId == header.CallId && !first)
        {
            if (last) _discardCallId = null;
            return;
        }
        _discardCallId = null;

        if (header.AuthLength != 0 || !DcerpcRequest.TryParse(body, header.Flags, out var request, out _))
        {
            FailRequest(header, 0, DcerpcFaultStatus.ProtocolError);
            return;
        }

        if (first)
        {
            if (_reassembly.InProgress || !IsBound)
            {
                // C706 12.6.2: without PFC_CONC_MPX one call's fragments are never interleaved with another's.
                FailRequest(header, request.ContextId, DcerpcFaultStatus.ProtocolError);
                return;
            }
            if (!_contexts.Bound.ContainsKey(request.ContextId))
            {
                FailRequest(header, request.ContextId, DcerpcFaultStatus.UnknownInterface);
                return;
            }
            if (request.AllocHint > (uint)_options.MaxRequestSize)
            {
                FailRequest(header, request.ContextId, DcerpcFaultStatus.RemoteNoMemory);
                return;
            }
            if (PendingOutputLength > _options.MaxPendingOutput)
            {
                // Answers pile up unread: refuse to run more calls, so a flood of small requests cannot turn into
                // a flood of large responses.
                FailRequest(header, request.ContextId, DcerpcFaultStatus.ServerTooBusy);
                return;
            }
            if (last)
            {
                Dispatch(header.CallId, request.ContextId, request.Opnum, request.StubData);
                return;
            }
            _reassembly.Start(header.CallId, request.ContextId, request.Opnum);
        }
        else if (!_reassembly.Matches(header.CallId, request.ContextId, request.Opnum))
        {
            FailRequest(header, request.ContextId, DcerpcFaultStatus.ProtocolError);
            return;
        }

        if (!_reassembly.TryAppend(request.StubData, _options.MaxRequestSize))
        {
            FailRequest(header, request.ContextId, DcerpcFaultStatus.RemoteNoMemory);
            return;
        }
        if (last)
        {
            Dispatch(_reassembly.CallId, _reassembly.ContextId, _reassembly.Opnum, _reassembly.Stub);
            _reassembly.Clear();
        }
    }

    /// <summary>Faults a request fragment's call, drops any call being reassembled, and swallows the call's remaining fragments.</summary>
    private void FailRequest(DcerpcHeader header, ushort contextId, uint status)
    {
        Fault(header.CallId, contextId, status);
        AbandonRequest(header);
    }

    private void AbandonRequest(DcerpcHeader header)
    {
        _reassembly.Clear();
        if ((header.Flags & DcerpcPfcFlags.LastFrag) == 0) _discardCallId = header.CallId;
    }

    private void Dispatch(uint callId, ushort contextId, ushort opnum, ReadOnlySpan<byte> stub)
    {
        var iface = _contexts.Bound[contextId];
        _stubWriter.Reset();
        var result = iface.Call(opnum, stub, _stubWriter);
        if (result.IsFault)
        {
            Enqueue(DcerpcFault.Build(callId, contextId, result.FaultStatus, result.DidNotExecute));
            return;
        }
        EnqueueResponse(callId, contextId, _stubWriter.WrittenSpan);
    }

    // C706 12.6.2: a response larger than max_xmit_frag goes out in fragments; each one but
    // the last carries a multiple of 8 stub octets, and alloc_hint says how much stub is still to come.
    private void EnqueueResponse(uint callId, ushort contextId, ReadOnlySpan<byte> stub)
    {
        int chunk = (MaxXmitFrag - DcerpcResponse.HeaderLength) & ~7;
        int offset = 0;
        do
        {
            int count = Math.Min(chunk, stub.Length - offset);
            var flags = DcerpcPfcFlags.None;
            if (offset == 0) flags |= DcerpcPfcFlags.FirstFrag;
            if (offset + count == stub.Length) flags |= DcerpcPfcFlags.LastFrag;
            Enqueue(DcerpcResponse.BuildFragment(callId, contextId, flags, (uint)(stub.Length - offset), stub.Slice(offset, count)));
            offset += count;
        }
        while (offset < stub.Length);
    }

    private void Fault(uint callId, ushort contextId, uint status)
        => Enqueue(DcerpcFault.Build(callId, contextId, status, didNotExecute: true));

    private void Enqueue(byte[] pdu)
    {
        _output.Enqueue(pdu);
        PendingOutputLength += pdu.Length;
    }
}
