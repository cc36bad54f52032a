namespace Protocol.Dcerpc;

/// <summary>
/// The stub of one multi-fragment request while its fragments arrive (C706 12.6.2: PFC_FIRST_FRAG starts it,
/// PFC_LAST_FRAG ends it, every fragment carries the same call_id, context id and opnum). Bounded by the pipe's
/// MaxRequestSize; the buffer is kept between calls.
/// </summary>
internal sealed class DcerpcRequestReassembly
{
    private byte[] _stub = [];
    private int _length;

    public bool InProgress { get; private set; }
    public uint CallId { get; private set; }
    public ushort ContextId { get; private set; }
    public ushort Opnum { get; private set; }
    public ReadOnlySpan<byte> Stub => _stub.AsSpan(0, _length);

    public void Start(uint callId, ushort contextId, ushort opnum)
    {
        InProgress = true;
        CallId = callId;
        ContextId = contextId;
        Opnum = opnum;
        _length = 0;
    }

    /// <summary>Appends one fragment's stub; false when the total would pass <paramref name="maxSize"/>.</summary>
    public bool TryAppend(ReadOnlySpan<byte> fragment, int maxSize)
    {
        if (fragment.Length > maxSize - _length) return false;
        if (_stub.Length - _length < fragment.Length)
            Array.Resize(ref _stub, Math.Min(maxSize, Math.Max(_stub.Length * 2, _length + fragment.Length)));
        fragment.CopyTo(_stub.AsSpan(_length));
        _length += fragment.Length;
        return true;
    }

    public bool Matches(uint callId, ushort contextId, ushort opnum)
        => InProgress && CallId == callId && ContextId == contextId && Opnum == opnum;

    public void Clear()
    {
        InProgress = false;
        _length = 0;
    }
}
