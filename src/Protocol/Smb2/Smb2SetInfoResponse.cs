namespace Protocol.Smb2;

/// <summary>
/// SMB2 SET_INFO Response (MS-SMB2 2.2.40): StructureSize (2) and nothing else.
/// </summary>
public readonly record struct Smb2SetInfoResponse
{
    public const ushort StructureSize = 2;

    public static bool TryParse(ReadOnlySpan<byte> message, int bodyOffset, out Smb2SetInfoResponse value, out NtStatus error)
    {
        value = default;
        return Smb2Wire.TryGetBody(message, bodyOffset, StructureSize, out _, out error);
    }

    /// <summary>Writes the body at <paramref name="bodyOffset"/>; returns its length.</summary>
    public int Write(Span<byte> message, int bodyOffset)
    {
        Smb2Wire.BeginBody(message, bodyOffset, StructureSize, StructureSize);
        return StructureSize;
    }
}
