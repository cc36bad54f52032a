using Protocol.Signing;

namespace Protocol.Tests.Signing;

public class Smb2AesGmacSignerTests
{
    private static readonly byte[] Key = Hex.Bytes("000102030405060708090a0b0c0d0e0f");
    private const uint ServerToRedir = 0x1;
    private const ushort Cancel = 0x000C;

    /// <summary>MS-SMB2 3.1.4.1 written out: MessageId LE, then a LE uint32 with bit 0 = server sender, bit 1 = CANCEL.</summary>
    private static byte[] Nonce(ulong messageId, bool server, bool cancel)
    {
        var nonce = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(nonce, messageId);
        nonce[8] = (byte)((server ? 1 : 0) | (cancel ? 2 : 0));
        return nonce;
    }

    private static byte[] Expected(byte[] message, bool server, bool cancel)
    {
        var zeroed = (byte[])message.Clone();
        zeroed.AsSpan(48, 16).Clear();
        ulong messageId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(24));
        return AesReference.Gmac(Key, Nonce(messageId, server, cancel), zeroed);
    }

    [Theory]
    [InlineData(64, 0UL)]
    [InlineData(120, 7UL)]
    [InlineData(1000, 0x0123456789ABCDEFUL)]
    [InlineData(70000, ulong.MaxValue)]
    public void ServerSignatureIsGmacUnderTheServerNonce(int length, ulong messageId)
    {
        var message = SigningMessages.Make(length, messageId, flags: ServerToRedir);
        using var server = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        server.Sign(message);
        Assert.Equal(Expected(message, server: true, cancel: false), message[48..64]);
        using var client = new Smb2AesGmacSigner(Key, Smb2SigningRole.Client);
        Assert.True(client.Verify(message));
    }

    [Fact]
    public void ClientRequestsAreVerifiedUnderTheClientNonce()
    {
        var message = SigningMessages.Make(200, messageId: 42);
        using var client = new Smb2AesGmacSigner(Key, Smb2SigningRole.Client);
        client.Sign(message);
        Assert.Equal(Expected(message, server: false, cancel: false), message[48..64]);
        using var server = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        var before = (byte[])message.Clone();
        Assert.True(server.Verify(message));
        Assert.True(server.Verify(Hex.Embedded(message, before: 31, after: 3).Span));
        Assert.Equal(before, message);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(70000)]
    public void VerifyInPlaceAcceptsAndLeavesTheMessageAsItCame(int length)
    {
        var message = SigningMessages.Make(length, messageId: 77);
        using var client = new Smb2AesGmacSigner(Key, Smb2SigningRole.Client);
        client.Sign(message);
        using var server = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        var before = (byte[])message.Clone();
        var embedded = MemoryMarshalAsWritable(Hex.Embedded(message, before: 29, after: 5));
        Assert.True(server.VerifyInPlace(embedded.Span));
        Assert.Equal(before, embedded.ToArray());
        Assert.True(server.VerifyInPlace(message));
        Assert.Equal(before, message);
    }

    [Fact]
    public void VerifyInPlaceRejectsATamperedMessageAndRestoresItsSignature()
    {
        var message = SigningMessages.Make(300, messageId: 5);
        using var client = new Smb2AesGmacSigner(Key, Smb2SigningRole.Client);
        client.Sign(message);
        message[200] ^= 1;
        var before = (byte[])message.Clone();
        using var server = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        Assert.False(server.VerifyInPlace(message));
        Assert.Equal(before, message);
        // A message signed by the server's own role is not accepted as the client's.
        message[200] ^= 1;
        server.Sign(message);
        Assert.False(server.VerifyInPlace(message));
        Assert.False(server.VerifyInPlace(new byte[63]));
    }

    [Fact]
    public void VerifyInPlaceDoesNotAllocate()
    {
        var request = SigningMessages.Make(70000);
        using var client = new Smb2AesGmacSigner(Key, Smb2SigningRole.Client);
        client.Sign(request);
        ISmb2Signer server = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        Assert.True(server.VerifyInPlace(request));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) server.VerifyInPlace(request);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        server.Dispose();
    }

    private static Memory<byte> MemoryMarshalAsWritable(ReadOnlyMemory<byte> memory)
        => System.Runtime.InteropServices.MemoryMarshal.AsMemory(memory);

    [Fact]
    public void CancelRequestsSetTheCancelBit()
    {
        var message = SigningMessages.Make(100, messageId: 9, command: Cancel);
        using var client = new Smb2AesGmacSigner(Key, Smb2SigningRole.Client);
        client.Sign(message);
        Assert.Equal(Expected(message, server: false, cancel: true), message[48..64]);
        Assert.NotEqual(Expected(message, server: false, cancel: false), message[48..64]);
        using var server = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        Assert.True(server.Verify(message));
    }

    [Fact]
    public void AMessageSignedByOneEndDoesNotVerifyAsTheOthers()
    {
        // The role bit defeats reflection: the server's own signed response sent back to it fails.
        var message = SigningMessages.Make(150, messageId: 5, flags: ServerToRedir);
        using var server = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        server.Sign(message);
        Assert.False(server.Verify(message));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]   // Command: changes the cancel bit too
    [InlineData(24)]   // MessageId: changes the nonce
    [InlineData(48)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(149)]
    public void AnyChangedByteFailsVerification(int index)
    {
        var message = SigningMessages.Make(150, messageId: 5);
        using var client = new Smb2AesGmacSigner(Key, Smb2SigningRole.Client);
        using var server = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        client.Sign(message);
        message[index] ^= 0x04;
        Assert.False(server.Verify(message));
    }

    [Fact]
    public void ShortMessagesAndBadKeys()
    {
        using var signer = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        Assert.False(signer.Verify(new byte[63]));
        Assert.False(signer.Verify([]));
        Assert.Throws<ArgumentException>(() => signer.Sign(new byte[63]));
        Assert.Throws<ArgumentException>(() => new Smb2AesGmacSigner(new byte[32], Smb2SigningRole.Server));
    }

    [Fact]
    public void SignAndVerifyDoNotAllocate()
    {
        var request = SigningMessages.Make(1024);
        var response = SigningMessages.Make(1024, flags: ServerToRedir);
        using var client = new Smb2AesGmacSigner(Key, Smb2SigningRole.Client);
        ISmb2Signer server = new Smb2AesGmacSigner(Key, Smb2SigningRole.Server);
        client.Sign(request);
        Assert.True(server.Verify(request));
        server.Sign(response);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            server.Sign(response);
            server.Verify(request);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        server.Dispose();
    }
}
