using Protocol.Fscc;

namespace Protocol.Tests.Fscc;

public class FileStreamInformationTests
{
    [Fact]
    public void File_HasOneDefaultDataStream()
    {
        var o = new byte[64];
        Assert.Equal(NtStatus.Success, FileStreamInformation.Write(Samples.File, o, out int written));
        Assert.Equal(24 + 14, written);
        Assert.Equal(0u, Le.U32(o, 0));   // NextEntryOffset: last entry
        Assert.Equal(14u, Le.U32(o, 4));  // StreamNameLength
        Assert.Equal(Samples.File.EndOfFile, Le.I64(o, 8));
        Assert.Equal(Samples.File.AllocationSize, Le.I64(o, 16));
        Assert.Equal("::$DATA", Le.Utf16(o, 24, 14));
    }

    [Fact]
    public void Directory_HasNoStreams()
    {
        Assert.Equal(NtStatus.Success, FileStreamInformation.Write(Samples.Directory, new byte[64], out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void SeveralStreams_AreEightByteAlignedAndChained()
    {
        FileStreamEntry[] streams = [new("::$DATA", 10, 4096), new(":ab:$DATA", 3, 8)];
        var o = new byte[200];
        Array.Fill(o, (byte)0xCC);
        Assert.Equal(NtStatus.Success, FileStreamInformation.Write(streams, o, out int written));
        // First entry 24 + 14 = 38 bytes, next starts at 40.
        Assert.Equal(40u, Le.U32(o, 0));
        Assert.Equal(0, o[38]);
        Assert.Equal(0, o[39]);
        Assert.Equal(0u, Le.U32(o, 40));
        Assert.Equal(18u, Le.U32(o, 44));
        Assert.Equal(3L, Le.I64(o, 48));
        Assert.Equal(":ab:$DATA", Le.Utf16(o, 64, 18));
        Assert.Equal(40 + 24 + 18, written);
    }

    [Fact]
    public void EntryThatDoesNotFit_StopsWithBufferOverflowAndTheWholeEntriesBefore()
    {
        FileStreamEntry[] streams = [new("::$DATA", 10, 4096), new(":ab:$DATA", 3, 8)];
        var o = new byte[60];
        Assert.Equal(NtStatus.BufferOverflow, FileStreamInformation.Write(streams, o, out int written));
        Assert.Equal(38, written);
        Assert.Equal(0u, Le.U32(o, 0));
    }

    [Fact]
    public void BelowTheFixedPart_IsInfoLengthMismatch()
    {
        Assert.Equal(NtStatus.InfoLengthMismatch, FileStreamInformation.Write(Samples.File, new byte[23], out _));
        Assert.Equal(NtStatus.InfoLengthMismatch, FileStreamInformation.Write(Samples.Directory, new byte[23], out _));
    }
}
