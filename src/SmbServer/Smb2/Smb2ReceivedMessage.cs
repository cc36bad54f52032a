using System.Buffers;

namespace SmbServer.Smb2;

/// <summary>
/// A received SMB2 message (one request or a compound chain) in a pooled buffer:
/// <see cref="Buffer"/>[<see cref="Offset"/>..<see cref="Offset"/> + <see cref="Length"/>). The offset
/// is not 0 when the message was decrypted where it arrived, behind its 52-byte TRANSFORM header
/// (MS-SMB2 3.3.5.2.1), so that a large encrypted WRITE needs no second buffer. Loop-owned; whoever
/// holds it returns the buffer exactly once.
/// </summary>
public readonly record struct Smb2ReceivedMessage(byte[] Buffer, int Offset, int Length)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(Offset, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
