using System.Buffers.Binary;

namespace Protocol.Ntlm;

/// <summary>
/// The 12 bytes every NTLM message starts with (MS-NLMP 2.2.1): the Signature "NTLMSSP\0" and
/// the MessageType.
/// </summary>
public static class NtlmMessageHeader
{
    public const int Size = 12;

    /// <summary>MS-NLMP 2.2.1.1: Signature, the ASCII string "NTLMSSP" followed by a NUL.</summary>
    public static ReadOnlySpan<byte> Signature => "NTLMSSP\0"u8;

    /// <summary>True if <paramref name="token"/> starts with the NTLMSSP signature (a raw, not SPNEGO-wrapped token).</summary>
    public static bool HasSignature(ReadOnlySpan<byte> token) => token.StartsWith(Signature);

    /// <summary>Checks the signature and that the message is of the <paramref name="expected"/> type.</summary>
    public static bool TryCheck(ReadOnlySpan<byte> message, NtlmMessageType expected, out NtStatus error)
    {
        if (message.Length < Size || !HasSignature(message)
            || BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(8)) != (uint)expected)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        error = NtStatus.Success;
        return true;
    }

    public static void Write(Span<byte> destination, NtlmMessageType type)
    {
        Signature.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(8), (uint)type);
    }
}
