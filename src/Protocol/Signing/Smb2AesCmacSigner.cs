using System.Security.Cryptography;

namespace Protocol.Signing;

/// <summary>
/// SMB 3.x signing with AES-128-CMAC (MS-SMB2 3.1.4.1): used by 3.0 and 3.0.2, and by 3.1.1 when no
/// signing algorithm was negotiated or AES-CMAC was. The key is the 16-byte Session.SigningKey or
/// Channel.SigningKey (MS-SMB2 3.3.5.5.3, 3.3.5.2.4). The CMAC covers the whole message, header
/// first, with its Signature field zeroed; the 16-byte MAC is the signature.
/// </summary>
/// <remarks>
/// Verify feeds the header up to the field, 16 zero bytes, then the rest, so the input is neither
/// copied nor modified. Nothing is allocated per message.
/// </remarks>
public sealed class Smb2AesCmacSigner : ISmb2Signer
{
    public const int KeySize = 16;
    private static readonly byte[] ZeroSignature = new byte[Smb2SignatureField.Size];

    private readonly AesCmac _cmac;

    public Smb2AesCmacSigner(ReadOnlySpan<byte> signingKey)
    {
        if (signingKey.Length != KeySize) throw new ArgumentException("an SMB 3.x signing key is 16 bytes", nameof(signingKey));
        _cmac = new AesCmac(signingKey);
    }

    public void Sign(Span<byte> message)
    {
        if (message.Length < Smb2SignatureField.HeaderSize) throw new ArgumentException("message shorter than an SMB2 header", nameof(message));
        var signature = message.Slice(Smb2SignatureField.Offset, Smb2SignatureField.Size);
        signature.Clear();
        Span<byte> mac = stackalloc byte[AesCmac.MacSize];
        _cmac.Compute(message, mac);
        mac.CopyTo(signature);
    }

    public bool Verify(ReadOnlySpan<byte> message)
    {
        if (message.Length < Smb2SignatureField.HeaderSize) return false;
        Span<byte> mac = stackalloc byte[AesCmac.MacSize];
        _cmac.Reset();
        _cmac.Append(message.Slice(0, Smb2SignatureField.Offset));
        _cmac.Append(ZeroSignature);
        _cmac.Append(message.Slice(Smb2SignatureField.End));
        _cmac.GetMacAndReset(mac);
        return CryptographicOperations.FixedTimeEquals(mac, message.Slice(Smb2SignatureField.Offset, Smb2SignatureField.Size));
    }

    public void Dispose() => _cmac.Dispose();
}
