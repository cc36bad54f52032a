using System.Security.Cryptography;

namespace Protocol.Ntlm;

/// <summary>
/// Session security keys of MS-NLMP 3.4.5: SIGNKEY (3.4.5.2) and SEALKEY (3.4.5.3), derived from
/// the ExportedSessionKey with extended session security. Without
/// NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY there are no signing keys (3.4.5.2), so these
/// functions require it.
/// </summary>
public static class NtlmKeys
{
    public const int KeySize = 16;

    // MS-NLMP 3.4.5.2 / 3.4.5.3: the magic constants include their terminating NUL.
    private static ReadOnlySpan<byte> ClientSigningMagic => "session key to client-to-server signing key magic constant\0"u8;
    private static ReadOnlySpan<byte> ServerSigningMagic => "session key to server-to-client signing key magic constant\0"u8;
    private static ReadOnlySpan<byte> ClientSealingMagic => "session key to client-to-server sealing key magic constant\0"u8;
    private static ReadOnlySpan<byte> ServerSealingMagic => "session key to server-to-client sealing key magic constant\0"u8;

    /// <summary>SIGNKEY: MD5(ConcatenationOf(ExportedSessionKey, magic)) for the given direction.</summary>
    public static void SignKey(ReadOnlySpan<byte> exportedSessionKey, bool clientToServer, Span<byte> signKey)
        => Md5Of(exportedSessionKey, clientToServer ? ClientSigningMagic : ServerSigningMagic, signKey);

    /// <summary>
    /// SEALKEY with extended session security: the ExportedSessionKey cut to 16 bytes
    /// (NTLMSSP_NEGOTIATE_128), 7 bytes (NTLMSSP_NEGOTIATE_56) or 5 bytes, then MD5 with the magic.
    /// </summary>
    public static void SealKey(ReadOnlySpan<byte> exportedSessionKey, NegotiateFlags flags, bool clientToServer, Span<byte> sealKey)
    {
        if ((flags & NegotiateFlags.NegotiateExtendedSessionSecurity) == 0)
            throw new InvalidOperationException("SEALKEY is only derived with extended session security");
        int length = (flags & NegotiateFlags.Negotiate128) != 0 ? 16 : (flags & NegotiateFlags.Negotiate56) != 0 ? 7 : 5;
        Md5Of(exportedSessionKey.Slice(0, length), clientToServer ? ClientSealingMagic : ServerSealingMagic, sealKey);
    }

    private static void Md5Of(ReadOnlySpan<byte> key, ReadOnlySpan<byte> magic, Span<byte> destination)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(key);
        md5.AppendData(magic);
        md5.GetHashAndReset(destination);
    }
}
