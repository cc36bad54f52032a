namespace Protocol.Smb2;

/// <summary>One SMB2 message inside a compound: its position and length in the transport message.</summary>
public readonly record struct Smb2CompoundElement(int Offset, int Length)
{
    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> message) => message.Slice(Offset, Length);

    public Span<byte> Slice(Span<byte> message) => message.Slice(Offset, Length);
}
