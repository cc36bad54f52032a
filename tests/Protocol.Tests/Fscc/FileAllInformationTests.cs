using Protocol.Fscc;
using Protocol.Security;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Protocol.Tests.Fscc;

public class FileAllInformationTests
{
    private static readonly FileMetadata M = Samples.File;

    private static NtStatus Write(Span<byte> o, string name, out int written)
        => FileAllInformation.Write(M, AccessMask.FileGenericRead, 0x77, FileModeFlags.SynchronousIoNonalert,
            FileAlignmentInformation.FileLongAlignment, name, o, out written);

    [Fact]
    public void Layout_MatchesTheEmbeddedStructuresAtTheirOffsets()
    {
        var o = new byte[200];
        Assert.Equal(NtStatus.Success, Write(o, @"\a\b.txt", out int written));
        Assert.Equal(100 + 16, written);

        // BasicInformation
        Assert.Equal(M.CreationTime, Le.I64(o, 0));
        Assert.Equal(M.ChangeTime, Le.I64(o, 24));
        Assert.Equal((uint)FileAttributes.Archive, Le.U32(o, 32));
        // StandardInformation at 40
        Assert.Equal(M.AllocationSize, Le.I64(o, 40));
        Assert.Equal(M.EndOfFile, Le.I64(o, 48));
        Assert.Equal(2u, Le.U32(o, 56));
        Assert.Equal(1, o[60]);
        Assert.Equal(0, o[61]);
        // InternalInformation at 64, Ea at 72, Access at 76, Position at 80, Mode at 88, Alignment at 92
        Assert.Equal(M.IndexNumber, Le.U64(o, 64));
        Assert.Equal(0x44u, Le.U32(o, 72));
        Assert.Equal((uint)AccessMask.FileGenericRead, Le.U32(o, 76));
        Assert.Equal(0x77L, Le.I64(o, 80));
        Assert.Equal(0x20u, Le.U32(o, 88));
        Assert.Equal(3u, Le.U32(o, 92));
        // NameInformation at 96
        Assert.Equal(16u, Le.U32(o, 96));
        Assert.Equal(@"\a\b.txt", Le.Utf16(o, 100, 16));
    }

    [Fact]
    public void EmbeddedParts_EqualTheStandaloneEncoders()
    {
        var all = new byte[120];
        Assert.Equal(NtStatus.Success, Write(all, "x", out _));
        var basic = new byte[40];
        var standard = new byte[24];
        FileBasicInformation.Write(M, basic, out _);
        FileStandardInformation.Write(M, standard, out _);
        Assert.Equal(basic, all[0..40]);
        Assert.Equal(standard, all[40..64]);
    }

    [Fact]
    public void FixedPartFits_NameTruncated_IsBufferOverflow()
    {
        var o = new byte[100 + 6];
        Assert.Equal(NtStatus.BufferOverflow, Write(o, "abcdef", out int written));
        Assert.Equal(106, written);
        Assert.Equal(12u, Le.U32(o, 96));
        Assert.Equal("abc", Le.Utf16(o, 100, 6));
    }

    [Fact]
    public void TheMinimumSize_IsBufferOverflowForALongerName_AndSuccessForAShortOne()
    {
        // sizeof(FILE_ALL_INFORMATION) is 104: the 100-byte fixed part and room for two characters.
        var o = new byte[FileAllInformation.MinimumSize];
        Assert.Equal(NtStatus.BufferOverflow, Write(o, "abc", out int written));
        Assert.Equal(104, written);
        Assert.Equal(NtStatus.Success, Write(o, "", out written));
        Assert.Equal(100, written);
    }

    [Fact]
    public void BelowTheMinimumSize_IsInfoLengthMismatch()
    {
        Assert.Equal(NtStatus.InfoLengthMismatch, Write(new byte[103], "a", out int written));
        Assert.Equal(0, written);
    }
}
