namespace Protocol.Ntlm;

/// <summary>
/// The VERSION structure (MS-NLMP 2.2.2.10): ProductMajorVersion, ProductMinorVersion,
/// ProductBuild (little-endian), 3 reserved bytes, NTLMRevisionCurrent. Used only for debugging
/// by peers; sent when NTLMSSP_NEGOTIATE_VERSION is negotiated.
/// </summary>
public readonly record struct NtlmVersion(byte ProductMajorVersion, byte ProductMinorVersion, ushort ProductBuild,
    byte NtlmRevisionCurrent = NtlmVersion.NtlmSspRevisionW2K3)
{
    public const int Size = 8;

    /// <summary>MS-NLMP 2.2.2.10: NTLMSSP_REVISION_W2K3, the only revision in use.</summary>
    public const byte NtlmSspRevisionW2K3 = 0x0F;

    /// <summary>What this server reports: Windows 10 / Server 2016+ numbering (10.0), build 0.</summary>
    public static NtlmVersion Server => new(10, 0, 0);

    public static NtlmVersion Read(ReadOnlySpan<byte> source)
        => new(source[0], source[1], (ushort)(source[2] | source[3] << 8), source[7]);

    public void Write(Span<byte> destination)
    {
        destination[0] = ProductMajorVersion;
        destination[1] = ProductMinorVersion;
        destination[2] = (byte)ProductBuild;
        destination[3] = (byte)(ProductBuild >> 8);
        destination[4] = destination[5] = destination[6] = 0;
        destination[7] = NtlmRevisionCurrent;
    }
}
