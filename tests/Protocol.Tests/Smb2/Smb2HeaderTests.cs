using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2HeaderTests
{
    private static readonly Smb2Header Sync = new(
        CreditCharge: 2, Status: NtStatus.Success, Command: Smb2Command.Create, CreditRequestResponse: 31,
        Flags: Smb2HeaderFlags.RelatedOperations | Smb2HeaderFlags.Signed, NextCommand: 0x98,
        MessageId: 0x0102030405060708, AsyncId: 0, ProcessId: 0xFEFF, TreeId: 0x11223344,
        SessionId: 0x8877665544332211, Signature: new Smb2Signature(0x0F0E0D0C0B0A0908, 0x1716151413121110));

    [Fact]
    public void SyncHeaderHasTheSpecLayout()
    {
        var bytes = new byte[64];
        Sync.Write(bytes);
        Assert.Equal(Hex.Normal(
            "FE534D42 4000 0200 00000000 0500 1F00 0C000000 98000000 0807060504030201" +
            "FFFE0000 44332211 1122334455667788 08090A0B0C0D0E0F1011121314151617"), Convert.ToHexString(bytes));
    }

    [Fact]
    public void SyncHeaderRoundTripsAtAnOffset()
    {
        var buffer = new byte[200];
        buffer.AsSpan().Fill(0xCC);
        Sync.Write(buffer.AsSpan(17));
        Assert.True(Smb2Header.TryParse(buffer.AsSpan(17, 64), out var parsed, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(Sync, parsed);
        Assert.False(parsed.IsAsync);
        Assert.True(parsed.IsRelated);
        Assert.True(parsed.IsSigned);
        Assert.False(parsed.IsResponse);
    }

    [Fact]
    public void AsyncHeaderCarriesAsyncIdInsteadOfProcessAndTreeId()
    {
        var header = Sync with
        {
            Flags = Smb2HeaderFlags.ServerToRedir | Smb2HeaderFlags.AsyncCommand,
            Status = NtStatus.Pending, AsyncId = 0xA1A2A3A4A5A6A7A8, ProcessId = 0, TreeId = 0,
        };
        var bytes = new byte[64];
        header.Write(bytes);
        Assert.Equal("A8A7A6A5A4A3A2A1", Convert.ToHexString(bytes, 32, 8));
        Assert.Equal("03010000", Convert.ToHexString(bytes, 8, 4));
        Assert.True(Smb2Header.TryParse(bytes, out var parsed, out _));
        Assert.Equal(header, parsed);
        Assert.True(parsed.IsAsync && parsed.IsResponse);
    }

    [Fact]
    public void ChannelSequenceAndPriorityAreReadFromTheirFields()
    {
        var header = Sync with { Status = new NtStatus(0x00000005), Flags = (Smb2HeaderFlags)0x50 };
        Assert.Equal(5, header.ChannelSequence);
        Assert.Equal(5, header.Priority);
    }

    [Fact]
    public void PatchHelpersChangeFieldsInPlace()
    {
        var buffer = new byte[100];
        var header = buffer.AsSpan(9, 64);
        Sync.Write(header);

        Smb2Header.SetStatus(header, NtStatus.AccessDenied);
        Smb2Header.SetFlags(header, Smb2HeaderFlags.ServerToRedir);
        Smb2Header.AddFlags(header, Smb2HeaderFlags.Signed);
        Smb2Header.RemoveFlags(header, Smb2HeaderFlags.ServerToRedir);
        Smb2Header.SetNextCommand(header, 0x120);
        Smb2Header.SetCreditCharge(header, 9);
        Smb2Header.SetCreditRequestResponse(header, 64);
        Smb2Header.SetMessageId(header, 42);
        Smb2Header.SetSessionId(header, 77);
        Smb2Header.SetTreeId(header, 5);
        var signature = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        Smb2Header.SetSignature(header, signature);

        Assert.True(Smb2Header.TryParse(header, out var parsed, out _));
        Assert.Equal(NtStatus.AccessDenied, parsed.Status);
        Assert.Equal(Smb2HeaderFlags.Signed, parsed.Flags);
        Assert.Equal(0x120u, parsed.NextCommand);
        Assert.Equal(9, parsed.CreditCharge);
        Assert.Equal(64, parsed.CreditRequestResponse);
        Assert.Equal(42ul, parsed.MessageId);
        Assert.Equal(77ul, parsed.SessionId);
        Assert.Equal(5u, parsed.TreeId);
        Assert.Equal(signature[..16], Smb2Header.GetSignature(header).ToArray());
        Assert.Equal(Smb2Command.Create, Smb2Header.GetCommand(header));
        Assert.Equal(42ul, Smb2Header.GetMessageId(header));

        Smb2Header.SetAsyncId(header, 0x99);
        Assert.True(Smb2Header.TryParse(header, out parsed, out _));
        Assert.True(parsed.IsAsync);
        Assert.Equal(0x99ul, parsed.AsyncId);

        Smb2Header.ClearSignature(header);
        Assert.True(Smb2Header.GetSignature(header).IndexOfAnyExcept((byte)0) < 0);
        Assert.All(buffer[..9], b => Assert.Equal(0, b));
        Assert.All(buffer[73..], b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(63)]
    public void ShortHeaderIsInvalid(int length)
    {
        var bytes = new byte[64];
        Sync.Write(bytes);
        Assert.False(Smb2Header.TryParse(bytes.AsSpan(0, length), out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Theory]
    [InlineData(0, 0xFF)]   // SMB1 ProtocolId
    [InlineData(0, 0xFD)]   // transform header
    [InlineData(1, (byte)'X')]
    [InlineData(4, 0x41)]   // StructureSize 65
    [InlineData(5, 0x01)]   // StructureSize 0x140
    public void WrongProtocolIdOrStructureSizeIsInvalid(int index, byte value)
    {
        var bytes = new byte[64];
        Sync.Write(bytes);
        bytes[index] = value;
        Assert.False(Smb2Header.TryParse(bytes, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void FileIdUsePreviousIsAllOnes()
    {
        var bytes = new byte[16];
        Smb2FileId.UsePrevious.Write(bytes);
        Assert.All(bytes, b => Assert.Equal(0xFF, b));
        Assert.True(Smb2FileId.Read(bytes).IsUsePrevious);
        Assert.False(new Smb2FileId(1, ulong.MaxValue).IsUsePrevious);
    }
}
