using System.Security.Cryptography;

namespace Protocol.Smb2;

/// <summary>
/// An SMB 3.1.1 preauthentication integrity hash value (MS-SMB2 3.3.5.4, 3.3.5.5): SHA-512, the only
/// HashAlgorithm of SMB2_PREAUTH_INTEGRITY_CAPABILITIES (2.2.3.1.1), chained as
/// H(i) = SHA-512(H(i-1) || message) from 64 zero bytes.
/// </summary>
/// <remarks>
/// Connection.PreauthIntegrityHashValue takes the NEGOTIATE request and response; each session's
/// PreauthSession.PreauthIntegrityHashValue starts as a copy of the connection's
/// (<see cref="Clone"/>) and takes every SESSION_SETUP request and every response except the final
/// successful one, which is signed with keys derived from the value before it. The messages are
/// hashed whole, header included, as sent or received. One instance keeps one SHA-512 context and
/// allocates nothing per <see cref="Update"/>. Not thread-safe.
/// </remarks>
public sealed class Smb2PreauthIntegrityHash : IDisposable
{
    public const int Size = 64;
    /// <summary>SHA-512 in SMB2_PREAUTH_INTEGRITY_CAPABILITIES.HashAlgorithms (MS-SMB2 2.2.3.1.1).</summary>
    public const ushort HashAlgorithmSha512 = 0x0001;

    private readonly byte[] _value = GC.AllocateArray<byte>(Size, pinned: true);
    private readonly IncrementalHash _sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);

    /// <summary>The initial value: 64 zero bytes.</summary>
    public Smb2PreauthIntegrityHash()
    {
    }

    public Smb2PreauthIntegrityHash(ReadOnlySpan<byte> value)
    {
        if (value.Length != Size) throw new ArgumentException("a SHA-512 value is 64 bytes", nameof(value));
        value.CopyTo(_value);
    }

    public ReadOnlySpan<byte> Value => _value;

    /// <summary>H = SHA-512(H || message).</summary>
    public void Update(ReadOnlySpan<byte> message)
    {
        _sha512.AppendData(_value);
        _sha512.AppendData(message);
        _sha512.GetHashAndReset(_value);
    }

    /// <summary>An independent copy of the current value (a new session's start from the connection's).</summary>
    public Smb2PreauthIntegrityHash Clone() => new(_value);

    public void Dispose() => _sha512.Dispose();
}
