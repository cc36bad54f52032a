using System.Security.Cryptography;

namespace Protocol.Signing;

/// <summary>
/// The CBC-MAC chain X(i) = AES-K(X(i-1) xor M(i)), X(0) = 0: the engine under AES-CMAC (RFC 4493
/// section 2.4) and under CCM's authentication (NIST SP 800-38C section 6.1). Input arrives in
/// pieces of any length; the last block is always held back (1 to 16 bytes pending after any
/// non-empty append) because CMAC treats it specially. Not thread-safe; allocates nothing after
/// construction.
/// </summary>
/// <remarks>
/// Blocks go through one long-lived CBC encryptor in chunks (one native call per 4 KiB rather than
/// per block). That encryptor's own chaining value is the last block it produced, which differs
/// from our X right after <see cref="Reset"/>; so the first block of each chunk is fed as
/// M xor X xor chain, which makes the encryptor compute AES(M xor X) whatever came before.
/// </remarks>
internal sealed class AesCbcMac : IDisposable
{
    public const int BlockSize = AesEncryptor.BlockSize;
    private const int ChunkSize = 4096;

    private readonly ICryptoTransform _cbc;
    private readonly byte[] _buffer = GC.AllocateArray<byte>(ChunkSize, pinned: true);
    private readonly byte[] _x = GC.AllocateArray<byte>(BlockSize, pinned: true);
    private readonly byte[] _chain = GC.AllocateArray<byte>(BlockSize, pinned: true);
    private readonly byte[] _pending = GC.AllocateArray<byte>(BlockSize, pinned: true);
    private int _pendingLength;
    private bool _disposed;

    public AesCbcMac(ReadOnlySpan<byte> key) => _cbc = AesEncryptor.Create(key, CipherMode.CBC);

    /// <summary>The chaining value X after the blocks processed so far (pending bytes excluded).</summary>
    public ReadOnlySpan<byte> Value => _x;

    /// <summary>How many bytes wait in the held-back last block (0 only before any input or after a flush).</summary>
    public int PendingLength => _pendingLength;

    /// <summary>The held-back last block.</summary>
    public ReadOnlySpan<byte> Pending => _pending.AsSpan(0, _pendingLength);

    public void Reset()
    {
        _x.AsSpan().Clear();
        _pending.AsSpan().Clear();
        _pendingLength = 0;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (data.IsEmpty) return;
        if (_pendingLength > 0)
        {
            int take = Math.Min(BlockSize - _pendingLength, data.Length);
            data.Slice(0, take).CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data.Slice(take);
            if (data.IsEmpty) return;
            // The pending block is full and more input follows, so it is not the last block.
            ProcessBlocks(_pending);
            _pendingLength = 0;
        }
        int bulk = (data.Length - 1) & ~(BlockSize - 1);
        ProcessBlocks(data.Slice(0, bulk));
        data.Slice(bulk).CopyTo(_pending);
        _pendingLength = data.Length - bulk;
    }

    /// <summary>Processes the pending bytes, if any, as one block right-padded with zeros (CCM's padding).</summary>
    public void FlushZeroPadded()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pendingLength == 0) return;
        _pending.AsSpan(_pendingLength).Clear();
        ProcessBlocks(_pending);
        _pendingLength = 0;
    }

    /// <summary>Processes <paramref name="lastBlock"/> as the final block, whatever is pending being discarded (CMAC's finish).</summary>
    public void FinishWith(ReadOnlySpan<byte> lastBlock)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (lastBlock.Length != BlockSize) throw new ArgumentException("one block expected", nameof(lastBlock));
        ProcessBlocks(lastBlock);
        _pendingLength = 0;
    }

    private void ProcessBlocks(ReadOnlySpan<byte> blocks)
    {
        while (!blocks.IsEmpty)
        {
            int n = Math.Min(blocks.Length, ChunkSize);
            blocks.Slice(0, n).CopyTo(_buffer);
            for (int i = 0; i < BlockSize; i++) _buffer[i] ^= (byte)(_x[i] ^ _chain[i]);
            _cbc.TransformBlock(_buffer, 0, n, _buffer, 0);
            _buffer.AsSpan(n - BlockSize, BlockSize).CopyTo(_x);
            _buffer.AsSpan(n - BlockSize, BlockSize).CopyTo(_chain);
            blocks = blocks.Slice(n);
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _cbc.Dispose();
        CryptographicOperations.ZeroMemory(_buffer);
        CryptographicOperations.ZeroMemory(_x);
        CryptographicOperations.ZeroMemory(_chain);
        CryptographicOperations.ZeroMemory(_pending);
    }
}
