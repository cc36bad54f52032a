using System.Security.Cryptography;

namespace Protocol.Signing;

/// <summary>
/// Creates raw AES encryptors (ECB, or CBC with a zero IV; no padding) that the CBC-MAC, CMAC and
/// CCM code drive block by block.
/// </summary>
/// <remarks>
/// Why transforms rather than <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>:
/// the one-shot span methods build a native cipher context per call (measured: 64 bytes of garbage
/// and a context set-up per call on .NET 10 / OpenSSL), while an <see cref="ICryptoTransform"/> keeps
/// its context and its TransformBlock allocates nothing. The key goes to the transform through a
/// pinned copy that is zeroed at once; the native context holds the expanded key until the
/// transform is disposed (OpenSSL cleanses it on free). The <see cref="Aes"/> object never gets the
/// key, so no unpinned managed copy of it exists.
/// </remarks>
internal static class AesEncryptor
{
    public const int BlockSize = 16;

    public static bool IsValidKeySize(int length) => length is 16 or 24 or 32;

    public static ICryptoTransform Create(ReadOnlySpan<byte> key, CipherMode mode)
    {
        if (!IsValidKeySize(key.Length)) throw new ArgumentException("AES keys are 16, 24 or 32 bytes", nameof(key));
        byte[] keyCopy = GC.AllocateArray<byte>(key.Length, pinned: true);
        try
        {
            key.CopyTo(keyCopy);
            using var aes = Aes.Create();
            aes.Mode = mode;
            aes.Padding = PaddingMode.None;
            return aes.CreateEncryptor(keyCopy, mode == CipherMode.ECB ? null : new byte[BlockSize]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }
    }
}
