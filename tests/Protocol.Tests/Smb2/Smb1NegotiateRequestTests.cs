using System.Buffers.Binary;
using System.Text;
using Protocol.Smb1;

namespace Protocol.Tests.Smb2;

/// <summary>The SMB1 NEGOTIATE a client may open with before it speaks SMB2 (MS-SMB2 3.3.5.3.1).</summary>
public class Smb1NegotiateRequestTests
{
    private static readonly string[] WindowsDialects =
        ["PC NETWORK PROGRAM 1.0", "LANMAN1.0", "Windows for Workgroups 3.1a", "LM1.2X002", "LANMAN2.1", "NT LM 0.12", "SMB 2.002", "SMB 2.???"];

    /// <summary>Laid out by hand from MS-CIFS 2.2.3.1 and 2.2.4.52.1, independent of the writer.</summary>
    private static byte[] HandBuilt(string[] dialects, byte wordCount = 0)
    {
        var bytes = new List<byte>();
        bytes.AddRange([0xFF, (byte)'S', (byte)'M', (byte)'B', 0x72]);   // Protocol, Command
        bytes.AddRange([0, 0, 0, 0]);                                     // Status
        bytes.Add(0x18);                                                  // Flags
        bytes.AddRange([0x53, 0xC8]);                                     // Flags2
        bytes.AddRange([0, 0]);                                           // PIDHigh
        bytes.AddRange(new byte[8]);                                      // SecurityFeatures
        bytes.AddRange([0, 0]);                                           // Reserved
        bytes.AddRange([0xFF, 0xFF]);                                     // TID
        bytes.AddRange([0xFE, 0xFF]);                                     // PIDLow
        bytes.AddRange([0, 0]);                                           // UID
        bytes.AddRange([0, 0]);                                           // MID
        bytes.Add(wordCount);
        var list = dialects.SelectMany(d => new byte[] { 2 }.Concat(Encoding.ASCII.GetBytes(d)).Append((byte)0)).ToArray();
        bytes.AddRange([(byte)list.Length, (byte)(list.Length >> 8)]);
        bytes.AddRange(list);
        return bytes.ToArray();
    }

    private static ReadOnlySpan<byte> AtOffset(byte[] bytes)
    {
        var buffer = new byte[bytes.Length + 40];
        bytes.CopyTo(buffer, 19);
        return buffer.AsSpan(19, bytes.Length);
    }

    [Fact]
    public void ParsesAWindowsStyleNegotiate()
    {
        var message = AtOffset(HandBuilt(WindowsDialects));
        Assert.True(Smb1Header.HasProtocolId(message));
        Assert.True(Smb1NegotiateRequest.TryParse(message, out var request, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(8, request.DialectCount);
        Assert.True(request.OffersSmb2002);
        Assert.True(request.OffersSmb2Wildcard);
        Assert.Equal(0xC853, request.Flags2);
        Assert.Equal(0xFFFEu, request.ProcessId);
        Assert.Equal(0xFFFF, request.TreeId);
        var names = new List<string>();
        foreach (var d in request.GetDialects(message)) names.Add(Encoding.ASCII.GetString(d));
        Assert.Equal(WindowsDialects, names);
        Assert.True(request.OffersDialect(message, "NT LM 0.12"u8));
        Assert.False(request.OffersDialect(message, "NT LM 0.1"u8));
    }

    [Fact]
    public void AClientWithoutSmb2IsParsedButOffersNone()
    {
        var message = AtOffset(HandBuilt(["NT LM 0.12"]));
        Assert.True(Smb1NegotiateRequest.TryParse(message, out var request, out _));
        Assert.False(request.OffersSmb2002);
        Assert.False(request.OffersSmb2Wildcard);
    }

    [Fact]
    public void WriterMatchesTheHandBuiltLayout()
    {
        var expected = HandBuilt(WindowsDialects);
        var buffer = new byte[expected.Length + 10];
        buffer.AsSpan().Fill(0xCC);
        var template = new Smb1NegotiateRequest { Flags = 0x18, Flags2 = 0xC853, ProcessId = 0xFFFE, TreeId = 0xFFFF };
        int length = template.Write(buffer, WindowsDialects);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer, 0, length));
    }

    [Fact]
    public void Smb2MessageIsNotAnSmb1Negotiate()
    {
        var bytes = HandBuilt(WindowsDialects);
        bytes[0] = 0xFE;
        Assert.False(Smb1Header.HasProtocolId(bytes));
        AssertInvalid(bytes);
    }

    [Fact]
    public void OtherSmb1CommandIsInvalid()
    {
        var bytes = HandBuilt(WindowsDialects);
        bytes[4] = 0x73;   // SMB_COM_SESSION_SETUP_ANDX
        AssertInvalid(bytes);
    }

    [Fact]
    public void NonZeroWordCountIsInvalid() => AssertInvalid(HandBuilt(WindowsDialects, wordCount: 1));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(0xFFFF)]
    public void ByteCountOutsideTheMessageIsInvalid(ushort byteCount)
    {
        var bytes = HandBuilt(WindowsDialects);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(33), byteCount);
        AssertInvalid(bytes);
    }

    [Fact]
    public void DialectWithoutBufferFormatOrTerminatorIsInvalid()
    {
        var bytes = HandBuilt(["SMB 2.002"]);
        bytes[35] = 0x03;
        AssertInvalid(bytes);

        bytes = HandBuilt(["SMB 2.002"]);
        bytes[^1] = (byte)'x';   // no NUL before ByteCount ends
        AssertInvalid(bytes);

        bytes = HandBuilt(["SMB 2.002"]).Concat(new byte[] { 2 }).ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(33), (ushort)(bytes.Length - 35));
        AssertInvalid(bytes);   // a trailing 0x02 with no string
    }

    [Fact]
    public void EveryTruncationIsInvalid()
    {
        var bytes = HandBuilt(WindowsDialects);
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.False(Smb1NegotiateRequest.TryParse(bytes.AsSpan(0, length), out _, out var error));
            Assert.Equal(NtStatus.InvalidParameter, error);
        }
    }

    private static void AssertInvalid(byte[] bytes)
    {
        Assert.False(Smb1NegotiateRequest.TryParse(AtOffset(bytes), out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }
}
