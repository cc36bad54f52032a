using Protocol.Fscc;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Protocol.Tests.Fscc;

public class DirectoryEntryWriterTests
{
    private static readonly FileMetadata M = Samples.File;

    private static DirectoryEntryWriter Create(Span<byte> output, FileInformationClass c, bool single = false)
    {
        Assert.True(DirectoryEntryWriter.TryCreate(output, c, single, out var writer, out var error));
        Assert.Equal(NtStatus.Success, error);
        return writer;
    }

    [Fact]
    public void FileIdBothDirectoryInformation_FieldOffsets()
    {
        var o = new byte[256];
        var w = Create(o, FileInformationClass.FileIdBothDirectoryInformation);
        Assert.True(w.TryAdd(M, "LongFileName.txt", "LONGFI~1.TXT", fileIndex: 7));
        Assert.Equal(104 + 32, w.BytesWritten);

        Assert.Equal(0u, Le.U32(o, 0));                 // NextEntryOffset
        Assert.Equal(7u, Le.U32(o, 4));                 // FileIndex
        Assert.Equal(M.CreationTime, Le.I64(o, 8));
        Assert.Equal(M.LastAccessTime, Le.I64(o, 16));
        Assert.Equal(M.LastWriteTime, Le.I64(o, 24));
        Assert.Equal(M.ChangeTime, Le.I64(o, 32));
        Assert.Equal(M.EndOfFile, Le.I64(o, 40));
        Assert.Equal(M.AllocationSize, Le.I64(o, 48));
        Assert.Equal((uint)FileAttributes.Archive, Le.U32(o, 56));
        Assert.Equal(32u, Le.U32(o, 60));               // FileNameLength
        Assert.Equal(0x44u, Le.U32(o, 64));             // EaSize
        Assert.Equal(24, o[68]);                        // ShortNameLength
        Assert.Equal(0, o[69]);                         // Reserved1
        Assert.Equal("LONGFI~1.TXT", Le.Utf16(o, 70, 24));
        Assert.Equal(0, Le.U16(o, 94));                 // Reserved2
        Assert.Equal(M.IndexNumber, Le.U64(o, 96));     // FileId
        Assert.Equal("LongFileName.txt", Le.Utf16(o, 104, 32));
    }

    [Fact]
    public void FileBothDirectoryInformation_ShortNameIsZeroPadded_AndNameAt94()
    {
        var o = new byte[200];
        Array.Fill(o, (byte)0xAB);
        var w = Create(o, FileInformationClass.FileBothDirectoryInformation);
        Assert.True(w.TryAdd(M, "a.txt", "A.TXT"));
        Assert.Equal(94 + 10, w.BytesWritten);
        Assert.Equal(10, o[68]);
        Assert.Equal("A.TXT", Le.Utf16(o, 70, 10));
        Assert.All(o[80..94], b => Assert.Equal(0, b));
        Assert.Equal("a.txt", Le.Utf16(o, 94, 10));
    }

    [Fact]
    public void FileIdFullDirectoryInformation_FieldOffsets()
    {
        var o = new byte[200];
        Array.Fill(o, (byte)0xAB);
        var w = Create(o, FileInformationClass.FileIdFullDirectoryInformation);
        Assert.True(w.TryAdd(M, "f"));
        Assert.Equal(82, w.BytesWritten);
        Assert.Equal(2u, Le.U32(o, 60));
        Assert.Equal(0x44u, Le.U32(o, 64));
        Assert.Equal(0u, Le.U32(o, 68));                // Reserved
        Assert.Equal(M.IndexNumber, Le.U64(o, 72));
        Assert.Equal("f", Le.Utf16(o, 80, 2));
    }

    [Fact]
    public void FileIdExtdDirectoryInformation_FieldOffsets()
    {
        var o = new byte[200];
        Array.Fill(o, (byte)0xAB);
        var link = M with { FileAttributes = FileAttributes.ReparsePoint, ReparseTag = 0xA000000C };
        var w = Create(o, FileInformationClass.FileIdExtdDirectoryInformation);
        Assert.True(w.TryAdd(link, "l"));
        Assert.Equal(90, w.BytesWritten);
        Assert.Equal(0x44u, Le.U32(o, 64));             // EaSize stays the EA size here
        Assert.Equal(0xA000000Cu, Le.U32(o, 68));       // ReparsePointTag
        Assert.Equal(M.IndexNumber, Le.U64(o, 72));     // FileId, low half
        Assert.Equal(0UL, Le.U64(o, 80));               // FileId, high half
        Assert.Equal("l", Le.Utf16(o, 88, 2));
    }

    [Fact]
    public void FileFullDirectoryInformation_ReparsePointReportsTagInEaSize()
    {
        var o = new byte[100];
        var w = Create(o, FileInformationClass.FileFullDirectoryInformation);
        Assert.True(w.TryAdd(M with { FileAttributes = FileAttributes.ReparsePoint, ReparseTag = 0xA000000C }, "l"));
        Assert.Equal(0xA000000Cu, Le.U32(o, 64));
        Assert.Equal("l", Le.Utf16(o, 68, 2));
    }

    [Fact]
    public void FileDirectoryInformation_NameAt64_DirectoryAttributes()
    {
        var o = new byte[100];
        var w = Create(o, FileInformationClass.FileDirectoryInformation);
        Assert.True(w.TryAdd(Samples.Directory, ".."));
        Assert.Equal(68, w.BytesWritten);
        Assert.Equal((uint)FileAttributes.Directory, Le.U32(o, 56));
        Assert.Equal(4u, Le.U32(o, 60));
        Assert.Equal("..", Le.Utf16(o, 64, 4));
    }

    [Fact]
    public void FileNamesInformation_Layout()
    {
        var o = new byte[100];
        var w = Create(o, FileInformationClass.FileNamesInformation);
        Assert.True(w.TryAdd(M, "abc", fileIndex: 9));
        Assert.Equal(18, w.BytesWritten);
        Assert.Equal(0u, Le.U32(o, 0));
        Assert.Equal(9u, Le.U32(o, 4));
        Assert.Equal(6u, Le.U32(o, 8));
        Assert.Equal("abc", Le.Utf16(o, 12, 6));
    }

    [Theory]
    [InlineData(FileInformationClass.FileDirectoryInformation, 64)]
    [InlineData(FileInformationClass.FileFullDirectoryInformation, 68)]
    [InlineData(FileInformationClass.FileBothDirectoryInformation, 94)]
    [InlineData(FileInformationClass.FileIdBothDirectoryInformation, 104)]
    [InlineData(FileInformationClass.FileIdFullDirectoryInformation, 80)]
    [InlineData(FileInformationClass.FileIdExtdDirectoryInformation, 88)]
    [InlineData(FileInformationClass.FileNamesInformation, 12)]
    public void EntriesAreEightByteAligned_ChainedByNextEntryOffset_LastIsZero(FileInformationClass c, int nameOffset)
    {
        Assert.Equal(nameOffset, DirectoryEntryWriter.FileNameOffsetOf(c));
        var buffer = new byte[1024];
        Array.Fill(buffer, (byte)0xCC);
        Span<byte> o = buffer.AsSpan(16, 1000);
        var w = Create(o, c);
        string[] names = ["a", "bb", "ccc"];
        foreach (var name in names)
            Assert.True(w.TryAdd(M, name));
        Assert.Equal(3, w.Count);

        int offset = 0;
        for (int i = 0; i < names.Length; i++)
        {
            int length = nameOffset + names[i].Length * 2;
            int fileNameLengthOffset = c == FileInformationClass.FileNamesInformation ? 8 : 60;
            Assert.Equal((uint)(names[i].Length * 2), Le.U32(o, offset + fileNameLengthOffset));
            Assert.Equal(names[i], Le.Utf16(o, offset + nameOffset, names[i].Length * 2));
            uint next = Le.U32(o, offset);
            if (i == names.Length - 1)
            {
                Assert.Equal(0u, next);
                // No padding after the last entry.
                Assert.Equal(offset + length, w.BytesWritten);
            }
            else
            {
                Assert.Equal((uint)((length + 7) & ~7), next);
                for (int p = offset + length; p < offset + (int)next; p++)
                    Assert.Equal(0, o[p]);
                offset += (int)next;
            }
        }
        Assert.Equal(0xCC, buffer[15]);
        Assert.Equal(0xCC, buffer[16 + w.BytesWritten]);
    }

    [Fact]
    public void EntryThatDoesNotFit_IsRefused_AndEarlierEntriesStayIntact()
    {
        // First entry: 64 + 2 = 66 bytes; the second would start at 72 and need 66 more.
        var o = new byte[72 + 65];
        var w = Create(o, FileInformationClass.FileDirectoryInformation);
        Assert.True(w.TryAdd(M, "a"));
        Assert.False(w.TryAdd(M, "b"));
        Assert.Equal(1, w.Count);
        Assert.Equal(66, w.BytesWritten);
        Assert.Equal(0u, Le.U32(o, 0));
        Assert.Equal(NtStatus.Success, w.Status);
        Assert.False(w.IsComplete);
    }

    [Fact]
    public void PaddingIsNotRequiredToFitTheLastEntry()
    {
        // Exactly two entries with the padding between them and none after.
        var o = new byte[72 + 66];
        var w = Create(o, FileInformationClass.FileDirectoryInformation);
        Assert.True(w.TryAdd(M, "a"));
        Assert.True(w.TryAdd(M, "b"));
        Assert.Equal(138, w.BytesWritten);
        Assert.Equal(72u, Le.U32(o, 0));
    }

    [Fact]
    public void SingleEntryMode_AcceptsOneEntry()
    {
        var o = new byte[1000];
        var w = Create(o, FileInformationClass.FileBothDirectoryInformation, single: true);
        Assert.False(w.IsComplete);
        Assert.True(w.TryAdd(M, "one"));
        Assert.True(w.IsComplete);
        Assert.False(w.TryAdd(M, "two"));
        Assert.Equal(1, w.Count);
        Assert.Equal(94 + 6, w.BytesWritten);
        Assert.Equal(0u, Le.U32(o, 0));
    }

    [Fact]
    public void FirstEntryTooLarge_IsReturnedPartially_WithBufferOverflow()
    {
        var o = new byte[64 + 5];
        var w = Create(o, FileInformationClass.FileDirectoryInformation);
        Assert.False(w.TryAdd(M, "abcdef"));
        Assert.Equal(0, w.Count);
        Assert.True(w.IsComplete);
        Assert.Equal(NtStatus.BufferOverflow, w.Status);
        Assert.Equal(68, w.BytesWritten);
        Assert.Equal(12u, Le.U32(o, 60));   // full FileNameLength
        Assert.Equal("ab", Le.Utf16(o, 64, 4));
        Assert.False(w.TryAdd(M, "x"));
    }

    [Fact]
    public void TryCreate_Errors()
    {
        Assert.False(DirectoryEntryWriter.TryCreate(new byte[1000], FileInformationClass.FileBasicInformation, false, out _, out var error));
        Assert.Equal(NtStatus.InvalidInfoClass, error);
        Assert.False(DirectoryEntryWriter.TryCreate(new byte[103], FileInformationClass.FileIdBothDirectoryInformation, false, out _, out error));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
        Assert.True(DirectoryEntryWriter.TryCreate(new byte[104], FileInformationClass.FileIdBothDirectoryInformation, false, out _, out error));
        Assert.False(DirectoryEntryWriter.IsSupported(FileInformationClass.FileStandardInformation));
    }

    [Fact]
    public void ShortNameLongerThanTwelveCharacters_IsACallerBug()
    {
        var o = new byte[200];
        Assert.True(DirectoryEntryWriter.TryCreate(o, FileInformationClass.FileBothDirectoryInformation, false, out var w, out _));
        bool threw = false;
        try { w.TryAdd(M, "x", "ABCDEFGHIJKLM"); }
        catch (ArgumentException) { threw = true; }
        Assert.True(threw);
        Assert.Equal(0, w.Count);
    }
}
