using Protocol.Fscc;

namespace Protocol.Tests.Fscc;

public class FileNameInformationTests
{
    [Fact]
    public void WritesLengthAndUtf16Name()
    {
        var o = new byte[64];
        Assert.Equal(NtStatus.Success, FileNameInformation.Write(@"\dir\file.txt", o, out int written));
        Assert.Equal(4 + 26, written);
        Assert.Equal(26u, Le.U32(o, 0));
        Assert.Equal(@"\dir\file.txt", Le.Utf16(o, 4, 26));
    }

    [Fact]
    public void TooSmallForName_TruncatesToWholeCharacters_WithBufferOverflow()
    {
        // 4 + 5 bytes: room for two whole characters only.
        var o = new byte[9];
        Assert.Equal(NtStatus.BufferOverflow, FileNameInformation.Write("abcdef", o, out int written));
        Assert.Equal(8, written);
        Assert.Equal(12u, Le.U32(o, 0)); // the full length, so the client can size its retry
        Assert.Equal("ab", Le.Utf16(o, 4, 4));
    }

    [Fact]
    public void TheMinimumSize_IsBufferOverflowWithLength()
    {
        // sizeof(FILE_NAME_INFORMATION) is 8: the length and what fits of the name (2 of 3 characters).
        var o = new byte[FileNameInformation.MinimumSize];
        Assert.Equal(NtStatus.BufferOverflow, FileNameInformation.Write("abc", o, out int written));
        Assert.Equal(8, written);
        Assert.Equal(6u, Le.U32(o, 0));
    }

    [Fact]
    public void BelowTheMinimumSize_IsInfoLengthMismatch()
    {
        Assert.Equal(NtStatus.InfoLengthMismatch, FileNameInformation.Write("abc", new byte[7], out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void AlternateAndNormalizedNames_UseTheSameStructure()
    {
        var o = new byte[32];
        Assert.Equal(NtStatus.Success, FileAlternateNameInformation.Write("FILE~1.TXT", o, out int written));
        Assert.Equal(4 + 20, written);
        Assert.Equal("FILE~1.TXT", Le.Utf16(o, 4, 20));

        Assert.Equal(NtStatus.Success, FileNormalizedNameInformation.Write(@"Dir\File", o, out written));
        Assert.Equal(16u, Le.U32(o, 0));
        Assert.Equal(@"Dir\File", Le.Utf16(o, 4, 16));
    }

    [Fact]
    public void UnpairedSurrogate_IsCopiedUnchanged()
    {
        var o = new byte[8];
        Assert.Equal(NtStatus.Success, FileNameInformation.Write("\uD800a", o, out _));
        Assert.Equal(0xD800, Le.U16(o, 4));
        Assert.Equal('a', Le.U16(o, 6));
    }
}
