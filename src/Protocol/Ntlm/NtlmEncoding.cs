using System.Text;

namespace Protocol.Ntlm;

/// <summary>
/// The character set of NTLM message strings (MS-NLMP 2.2): UTF-16LE when
/// NTLMSSP_NEGOTIATE_UNICODE is negotiated, the OEM code page otherwise. We read OEM strings as
/// Latin-1 (a byte per char, never fails) since the server has no code page configured.
/// </summary>
public static class NtlmEncoding
{
    public static Encoding For(NegotiateFlags flags)
        => (flags & NegotiateFlags.NegotiateUnicode) != 0 ? Encoding.Unicode : Encoding.Latin1;

    /// <summary>Decodes a string field; a Unicode field of odd length is malformed.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, NegotiateFlags flags, out string value)
    {
        bool unicode = (flags & NegotiateFlags.NegotiateUnicode) != 0;
        if (unicode && (bytes.Length & 1) != 0)
        {
            value = "";
            return false;
        }
        value = For(flags).GetString(bytes);
        return true;
    }
}
