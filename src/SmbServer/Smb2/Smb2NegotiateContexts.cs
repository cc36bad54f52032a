using System.Buffers.Binary;
using System.Security.Cryptography;
using Protocol;
using Protocol.Encryption;
using Protocol.Signing;
using Protocol.Smb2;
using SmbServer.Configuration;

namespace SmbServer.Smb2;

/// <summary>
/// SMB 3.1.1 negotiate contexts (MS-SMB2 2.2.3.1, 3.3.5.4): preauth integrity (SHA-512 required),
/// the cipher and signing algorithm chosen by our configured order among the client's, and the
/// contexts we answer with. Contexts we do not implement (compression, RDMA, transport) are
/// declined by not answering them.
/// </summary>
public static class Smb2NegotiateContexts
{
    /// <summary>STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP (MS-SMB2 3.3.5.4).</summary>
    public static readonly NtStatus NoPreauthIntegrityHashOverlap = new(0xC05D0000);

    public readonly record struct Choice(Smb2CipherId? Cipher, bool ClientSentEncryption, Smb2SigningAlgorithm? Signing, bool ClientSentSigning);

    public static NtStatus Select(ReadOnlySpan<byte> message, in Smb2NegotiateRequest request, ServerConfig config, out Choice choice)
    {
        choice = default;
        bool sawPreauth = false, sha512 = false, sawEncryption = false, sawSigning = false;
        Smb2CipherId? cipher = null;
        Smb2SigningAlgorithm? signing = null;
        foreach (var context in request.GetNegotiateContexts(message))
        {
            var data = context.GetData(message);
            switch (context.ContextType)
            {
                case Smb2NegotiateContextType.PreauthIntegrityCapabilities:
                    if (sawPreauth || data.Length < 4) return NtStatus.InvalidParameter;
                    sawPreauth = true;
                    int hashCount = BinaryPrimitives.ReadUInt16LittleEndian(data);
                    int saltLength = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
                    if (hashCount == 0 || data.Length < 4 + 2 * hashCount + saltLength) return NtStatus.InvalidParameter;
                    for (int i = 0; i < hashCount; i++)
                        if (BinaryPrimitives.ReadUInt16LittleEndian(data[(4 + 2 * i)..]) == Smb2PreauthIntegrityHash.HashAlgorithmSha512) sha512 = true;
                    break;
                case Smb2NegotiateContextType.EncryptionCapabilities:
                    if (sawEncryption || data.Length < 2) return NtStatus.InvalidParameter;
                    sawEncryption = true;
                    int cipherCount = BinaryPrimitives.ReadUInt16LittleEndian(data);
                    if (cipherCount == 0 || data.Length < 2 + 2 * cipherCount) return NtStatus.InvalidParameter;
                    cipher = PickFirst(config.EncryptionAlgorithms.Select(a => (ushort)a), data.Slice(2, 2 * cipherCount)) is { } c ? (Smb2CipherId)c : null;
                    break;
                case Smb2NegotiateContextType.SigningCapabilities:
                    if (sawSigning || data.Length < 2) return NtStatus.InvalidParameter;
                    sawSigning = true;
                    int signCount = BinaryPrimitives.ReadUInt16LittleEndian(data);
                    if (signCount == 0 || data.Length < 2 + 2 * signCount) return NtStatus.InvalidParameter;
                    signing = PickFirst(config.SigningAlgorithms.Select(a => (ushort)a), data.Slice(2, 2 * signCount)) is { } g ? (Smb2SigningAlgorithm)g : null;
                    break;
            }
        }
        if (!sawPreauth) return NtStatus.InvalidParameter;
        if (!sha512) return NoPreauthIntegrityHashOverlap;
        if (config.ServerSmbEncrypt == SmbEncrypt.Off) cipher = null;
        choice = new Choice(cipher, sawEncryption, signing, sawSigning);
        return NtStatus.Success;
    }

    /// <summary>Our first preference that the client also lists.</summary>
    private static ushort? PickFirst(IEnumerable<ushort> ours, ReadOnlySpan<byte> theirs)
    {
        foreach (var id in ours)
            for (int i = 0; i + 1 < theirs.Length; i += 2)
                if (BinaryPrimitives.ReadUInt16LittleEndian(theirs[i..]) == id) return id;
        return null;
    }

    /// <summary>The contexts of our NEGOTIATE response.</summary>
    public static Smb2NegotiateContextData[] Response(in Choice choice)
    {
        var list = new List<Smb2NegotiateContextData>(3);
        var preauth = new byte[4 + 2 + 32];
        BinaryPrimitives.WriteUInt16LittleEndian(preauth, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(preauth.AsSpan(2), 32);
        BinaryPrimitives.WriteUInt16LittleEndian(preauth.AsSpan(4), Smb2PreauthIntegrityHash.HashAlgorithmSha512);
        RandomNumberGenerator.Fill(preauth.AsSpan(6));
        list.Add(new(Smb2NegotiateContextType.PreauthIntegrityCapabilities, preauth));
        if (choice.ClientSentEncryption)
        {
            // Exactly one cipher; 0 says "none in common" (MS-SMB2 3.3.5.4).
            var enc = new byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(enc, 1);
            BinaryPrimitives.WriteUInt16LittleEndian(enc.AsSpan(2), (ushort)(choice.Cipher ?? 0));
            list.Add(new(Smb2NegotiateContextType.EncryptionCapabilities, enc));
        }
        if (choice.ClientSentSigning)
        {
            var sign = new byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(sign, 1);
            BinaryPrimitives.WriteUInt16LittleEndian(sign.AsSpan(2), (ushort)(choice.Signing ?? Smb2SigningAlgorithm.AesCmac));
            list.Add(new(Smb2NegotiateContextType.SigningCapabilities, sign));
        }
        return list.ToArray();
    }
}
