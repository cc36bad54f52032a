namespace Protocol.Dcerpc;

/// <summary>Limits and identities of one <see cref="DcerpcPipe"/>.</summary>
public sealed record DcerpcPipeOptions
{
    /// <summary>C706 12.6.3.1 MustRecvFragSize: every peer can receive fragments of at least 1432 octets.</summary>
    public const ushort MinimumFragmentSize = 1432;

    /// <summary>
    /// The largest fragment we send or advertise to receive; the bind negotiates it down to what the client offers
    /// (never below <see cref="MinimumFragmentSize"/>). 4280 is what Windows and Samba use over named pipes.
    /// </summary>
    public ushort MaxFragmentSize { get; init; } = 4280;

    /// <summary>Upper bound of a reassembled request stub; larger calls get a fault. Samba's default is 4 MiB.</summary>
    public int MaxRequestSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Upper bound of response bytes waiting to be read; while it is exceeded, <see cref="DcerpcPipe.Write"/> refuses
    /// input, so a client that writes without reading cannot grow server memory without limit.
    /// </summary>
    public int MaxPendingOutput { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// The association group id given to a client that asks for a new one (assoc_group_id 0). A client that names
    /// an existing group gets its own value back: there is no cross-pipe group table, as nothing here shares
    /// context handles between pipes.
    /// </summary>
    public uint AssocGroupId { get; init; } = 0x000053F0;
}
