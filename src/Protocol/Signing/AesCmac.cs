using System.Security.Cryptography;

namespace Protocol.Signing;

/// <summary>
/// AES-CMAC (RFC 4493; NIST SP 800-38B) over spans, fed in pieces. Holds the key's AES context and
/// subkeys for its lifetime and allocates nothing per message. Not thread-safe.
/// </summary>
public sealed class AesCmac : IDisposable
{
    public const int MacSize = 16;
    private const int BlockSize = AesCbcMac.BlockSize;

    private readonly AesCbcMac _mac;
    // RFC 4493 2.3: K1 and K2, derived from L = AES-K(0^128); secret, so pinned and zeroed on Dispose.
    private readonly byte[] _subkeys = GC.AllocateArray<byte>(2 * BlockSize, pinned: true);
    private readonly byte[] _last = GC.AllocateArray<byte>(BlockSize, pinned: true);
    private bool _disposed;

    /// <param name="key">An AES key: 16 bytes for AES-128-CMAC (all SMB uses), or 24 or 32.</param>
    public AesCmac(ReadOnlySpan<byte> key)
    {
        _mac = new AesCbcMac(key);
        Span<byte> zero = stackalloc byte[BlockSize];
        zero.Clear();
        _mac.Append(zero);
        _mac.FlushZeroPadded();
        Span<byte> k1 = _subkeys.AsSpan(0, BlockSize);
        Span<byte> k2 = _subkeys.AsSpan(BlockSize, BlockSize);
        DoubleInGf128(_mac.Value, k1);
        DoubleInGf128(k1, k2);
        _mac.Reset();
    }

    /// <summary>Computes the MAC of <paramref name="message"/> in one call (any pending input is discarded first).</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        Reset();
        Append(message);
        GetMacAndReset(mac);
    }

    /// <summary>Discards any input appended since the last MAC.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _mac.Reset();
    }

    public void Append(ReadOnlySpan<byte> data) => _mac.Append(data);

    /// <summary>Writes the 16-byte MAC of everything appended since the last reset, then resets.</summary>
    public void GetMacAndReset(Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (mac.Length < MacSize) throw new ArgumentException("the MAC is 16 bytes", nameof(mac));
        // RFC 4493 2.4 steps 3-4: a complete last block is xored with K1; an incomplete (or empty)
        // one is padded with 10^i and xored with K2.
        int n = _mac.PendingLength;
        _mac.Pending.CopyTo(_last);
        ReadOnlySpan<byte> subkey;
        if (n == BlockSize)
        {
            subkey = _subkeys.AsSpan(0, BlockSize);
        }
        else
        {
            _last[n] = 0x80;
            _last.AsSpan(n + 1).Clear();
            subkey = _subkeys.AsSpan(BlockSize, BlockSize);
        }
        for (int i = 0; i < BlockSize; i++) _last[i] ^= subkey[i];
        _mac.FinishWith(_last);
        _mac.Value.CopyTo(mac);
        CryptographicOperations.ZeroMemory(_last);
        _mac.Reset();
    }

    /// <summary>RFC 4493 2.3: shift left by one bit; if the top bit was set, xor Rb = 0x87 into the last byte.</summary>
    private static void DoubleInGf128(ReadOnlySpan<byte> input, Span<byte> output)
    {
        byte carry = 0;
        for (int i = BlockSize - 1; i >= 0; i--)
        {
            byte b = input[i];
            output[i] = (byte)((b << 1) | carry);
            carry = (byte)(b >> 7);
        }
        output[BlockSize - 1] ^= (byte)(0x87 & -carry); // branch-free: the bit is secret
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _mac.Dispose();
        CryptographicOperations.ZeroMemory(_subkeys);
        CryptographicOperations.ZeroMemory(_last);
    }
}
