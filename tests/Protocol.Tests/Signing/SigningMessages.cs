namespace Protocol.Tests.Signing;

internal static class SigningMessages
{
    /// <summary>An SMB2 header and body of <paramref name="length"/> bytes with the given MessageId, command and flags.</summary>
    public static byte[] Make(int length = 120, ulong messageId = 7, ushort command = 8, uint flags = 0)
    {
        var message = new byte[length];
        for (int i = 0; i < length; i++) message[i] = (byte)(i * 13 + 5);
        ReadOnlySpan<byte> protocolId = [0xFE, (byte)'S', (byte)'M', (byte)'B'];
        protocolId.CopyTo(message);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(12), command);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16), flags);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(24), messageId);
        return message;
    }

    /// <summary>
    /// Microsoft Open Specifications blog, "SMB 2 and SMB 3 security in Windows 10: the anatomy of
    /// signing and cryptographic keys", Appendix, 3.1.1 first channel: the final SESSION_SETUP
    /// response (SessionId 0x100000000019), signed by the server with SigningKey
    /// 0x73FE7A9A77BEF0BDE49C650D8CCB5F76 (AES-CMAC: no signing algorithm negotiated); its header
    /// signature is 0xEBE146DA120BA25FC3376A49DFE31BC1.
    /// </summary>
    public const string Smb311SessionSetupResponse =
        "FE534D4240000100000000000100800009000000000000000300000000000000FFFE000000000000" +
        "1900000000100000EBE146DA120BA25FC3376A49DFE31BC10900000048001D00A11B3019A0030A01" +
        "00A3120410010000003B453CDC3524164200000000";
    public const string Smb311SigningKey = "73FE7A9A77BEF0BDE49C650D8CCB5F76";
    public const string Smb311Signature = "EBE146DA120BA25FC3376A49DFE31BC1";
}
