using System.Buffers.Binary;
using Protocol.Fscc;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Protocol.Tests.Fscc;

public class SetInfoDecoderTests
{
    private static byte[] Basic(long c, long a, long w, long ch, uint attributes)
    {
        var b = new byte[40];
        BinaryPrimitives.WriteInt64LittleEndian(b, c);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(8), a);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), w);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), ch);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(32), attributes);
        return b;
    }

    [Fact]
    public void FileBasicInformation_ExposesSpecialTimesAsIs()
    {
        var input = new byte[50];
        Basic(0, -1, -2, 0x01D0_0000_0000_0000, 0x21).CopyTo(input, 5);
        Assert.True(FileBasicInformation.TryParse(input.AsSpan(5, 40), out var info, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(FileBasicInformation.TimeUnchanged, info.CreationTime);
        Assert.Equal(FileBasicInformation.TimeSuspendUpdates, info.LastAccessTime);
        Assert.Equal(FileBasicInformation.TimeResumeUpdates, info.LastWriteTime);
        Assert.Equal(0x01D0_0000_0000_0000, info.ChangeTime);
        Assert.Equal(FileAttributes.ReadOnly | FileAttributes.Archive, info.FileAttributes);
    }

    [Fact]
    public void FileBasicInformation_Malformed()
    {
        Assert.False(FileBasicInformation.TryParse(new byte[39], out _, out var error));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
        Assert.False(FileBasicInformation.TryParse([], out _, out error));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
        Assert.False(FileBasicInformation.TryParse(Basic(-3, 0, 0, 0, 0), out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        Assert.False(FileBasicInformation.TryParse(Basic(0, 0, 0, long.MinValue, 0), out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void FileRenameInformation_Type2_Parses()
    {
        var body = new byte[20 + 16];
        body[0] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(16), 16);
        Le.Utf16Bytes(@"dir\new1").CopyTo(body, 20);
        var input = new byte[100];
        body.CopyTo(input, 37);
        Assert.True(FileRenameInformation.TryParse(input.AsSpan(37, body.Length), out var info, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.True(info.ReplaceIfExists);
        Assert.Equal(0UL, info.RootDirectory);
        Assert.Equal(@"dir\new1", info.FileName);
    }

    [Fact]
    public void FileRenameInformation_RoundTrips_AndTrailingBytesAreIgnored()
    {
        var info = new FileRenameInformation(false, 0, @"a\b\c.txt");
        var buffer = new byte[info.BinaryLength + 6];
        Assert.Equal(info.BinaryLength, info.Write(buffer));
        Assert.True(FileRenameInformation.TryParse(buffer, out var parsed, out _));
        Assert.Equal(info, parsed);
    }

    [Theory]
    [InlineData(19, 2u, "InfoLengthMismatch")]   // below the fixed part
    [InlineData(22, 4u, "InvalidParameter")]     // name runs past the end
    [InlineData(24, 3u, "InvalidParameter")]     // odd length
    [InlineData(24, 0u, "InvalidParameter")]     // empty name
    [InlineData(24, 0xFFFFFFFFu, "InvalidParameter")] // huge length
    public void FileRenameAndLinkInformation_Malformed(int size, uint nameLength, string expected)
    {
        var input = new byte[size];
        if (size >= 20) BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(16), nameLength);
        var status = expected == "InfoLengthMismatch" ? NtStatus.InfoLengthMismatch : NtStatus.InvalidParameter;
        Assert.False(FileRenameInformation.TryParse(input, out _, out var error));
        Assert.Equal(status, error);
        Assert.False(FileLinkInformation.TryParse(input, out _, out error));
        Assert.Equal(status, error);
    }

    [Fact]
    public void FileLinkInformation_RoundTrips()
    {
        var info = new FileLinkInformation(true, 0, "hardlink");
        var buffer = new byte[info.BinaryLength];
        info.Write(buffer);
        Assert.Equal(1, buffer[0]);
        Assert.Equal(16u, Le.U32(buffer, 16));
        Assert.True(FileLinkInformation.TryParse(buffer, out var parsed, out _));
        Assert.Equal(info, parsed);
    }

    [Fact]
    public void FileDispositionInformation()
    {
        Assert.True(Protocol.Fscc.FileDispositionInformation.TryParse([1], out var info, out _));
        Assert.True(info.DeletePending);
        Assert.True(Protocol.Fscc.FileDispositionInformation.TryParse([0, 9, 9], out info, out _));
        Assert.False(info.DeletePending);
        Assert.False(Protocol.Fscc.FileDispositionInformation.TryParse([], out _, out var error));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
    }

    [Fact]
    public void FileDispositionInformationEx()
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, 0x13);
        Assert.True(Protocol.Fscc.FileDispositionInformationEx.TryParse(b, out var info, out _));
        Assert.Equal(FileDispositionFlags.Delete | FileDispositionFlags.PosixSemantics | FileDispositionFlags.IgnoreReadOnlyAttribute, info.Flags);

        Assert.False(Protocol.Fscc.FileDispositionInformationEx.TryParse(b.AsSpan(0, 3), out _, out var error));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
        BinaryPrimitives.WriteUInt32LittleEndian(b, 0x20);
        Assert.False(Protocol.Fscc.FileDispositionInformationEx.TryParse(b, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void EndOfFileAllocationAndPosition()
    {
        var b = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, 4096);
        Assert.True(FileEndOfFileInformation.TryParse(b, out var eof, out _));
        Assert.Equal(4096, eof.EndOfFile);
        Assert.True(FileAllocationInformation.TryParse(b, out var alloc, out _));
        Assert.Equal(4096, alloc.AllocationSize);
        Assert.True(FilePositionInformation.TryParse(b, out var pos, out _));
        Assert.Equal(4096, pos.CurrentByteOffset);

        BinaryPrimitives.WriteInt64LittleEndian(b, -1);
        Assert.False(FileEndOfFileInformation.TryParse(b, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        Assert.False(FileAllocationInformation.TryParse(b, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        Assert.False(FilePositionInformation.TryParse(b, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);

        Assert.False(FileEndOfFileInformation.TryParse(b.AsSpan(0, 7), out _, out error));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
        Assert.False(FileAllocationInformation.TryParse(b.AsSpan(0, 7), out _, out error));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
        Assert.False(FilePositionInformation.TryParse(b.AsSpan(0, 7), out _, out error));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
    }

    [Fact]
    public void FileModeInformation_AcceptsSettableFlagsOnly()
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, 0x22);
        Assert.True(FileModeInformation.TryParse(b, out var info, out _));
        Assert.Equal(FileModeFlags.WriteThrough | FileModeFlags.SynchronousIoNonalert, info.Mode);

        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)FileModeFlags.DeleteOnClose);
        Assert.False(FileModeInformation.TryParse(b, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        Assert.False(FileModeInformation.TryParse(b.AsSpan(0, 3), out _, out error));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
    }
}
