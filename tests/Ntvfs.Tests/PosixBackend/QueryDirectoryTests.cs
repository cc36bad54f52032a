using System.Buffers.Binary;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Tests.PosixBackend;

public class QueryDirectoryTests
{
    private const int IdBothNameOffset = FileIdBothDirectoryInformation.FileNameOffset;

    private static BackendFixture WithFiles(params string[] names)
    {
        var f = new BackendFixture();
        foreach (string name in names)
            f.WriteFile(name, name);
        return f;
    }

    private static List<string> ListAll(BackendFixture f, NtvfsHandle dir, string pattern,
        FileInformationClass infoClass = FileInformationClass.FileIdBothDirectoryInformation, int outputLength = 65536,
        Smb2QueryDirectoryFlags firstFlags = Smb2QueryDirectoryFlags.RestartScans)
    {
        var names = new List<string>();
        int nameOffset = DirectoryEntryWriter.FileNameOffsetOf(infoClass);
        int lengthOffset = infoClass == FileInformationClass.FileNamesInformation ? 8 : 60;
        Smb2QueryDirectoryFlags flags = firstFlags;
        while (true)
        {
            NtStatus status = f.QueryDirectory(dir, pattern, out byte[] data, infoClass, flags, outputLength);
            flags = 0;
            if (status == NtStatus.NoMoreFiles || status == NtStatus.NoSuchFile)
                return names;
            Assert.Equal(NtStatus.Success, status);
            names.AddRange(BackendFixture.Names(data, nameOffset, lengthOffset));
        }
    }

    [Fact]
    public void ListsDotEntriesFirstThenEverything()
    {
        using var f = WithFiles("a.txt", "b.doc", "sub\\c.txt");
        NtvfsHandle root = f.OpenDirectory("");
        List<string> names = ListAll(f, root, "*");
        Assert.Equal([".", ".."], names.Take(2));
        Assert.Equal(["a.txt", "b.doc", "sub"], names.Skip(2).Order());
        f.Close(root);

        NtvfsHandle sub = f.OpenDirectory("sub");
        Assert.Equal([".", "..", "c.txt"], ListAll(f, sub, "*"));
        f.Close(sub);
    }

    [Fact]
    public void EntriesCarryMetadata()
    {
        using var f = WithFiles("data.bin");
        File.WriteAllBytes(f.Local("data.bin"), new byte[1234]);
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal(NtStatus.Success, f.QueryDirectory(root, "data.bin", out byte[] data, flags: Smb2QueryDirectoryFlags.RestartScans));
        Assert.Equal(["data.bin"], BackendFixture.Names(data, IdBothNameOffset));
        Assert.Equal(1234, BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(40)));
        Assert.Equal((uint)FileAttributes.Archive, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(56)));
        Assert.NotEqual(0UL, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(FileIdBothDirectoryInformation.FileIdOffset)));
        f.Close(root);
    }

    [Theory]
    [InlineData("*.txt", new[] { "a.txt", "c.TXT" })]
    [InlineData("?.txt", new[] { "a.txt", "c.TXT" })]
    [InlineData("<.txt", new[] { "a.txt", "c.TXT" })]
    [InlineData("b*", new[] { "b.doc", "bb" })]
    [InlineData("C.txt", new[] { "c.TXT" })]
    [InlineData("*.*", new[] { ".", "..", "a.txt", "b.doc", "bb", "c.TXT" })]
    [InlineData("bb\"", new[] { "bb" })]
    public void PatternsSelectEntries(string pattern, string[] expected)
    {
        using var f = WithFiles("a.txt", "b.doc", "c.TXT", "bb");
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal(expected, ListAll(f, root, pattern).Order(StringComparer.Ordinal));
        f.Close(root);
    }

    [Fact]
    public void NoMatchIsNoSuchFileThenNoMoreFiles()
    {
        using var f = WithFiles("a.txt");
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal(NtStatus.NoSuchFile, f.QueryDirectory(root, "*.none", out _));
        Assert.Equal(NtStatus.NoMoreFiles, f.QueryDirectory(root, "*.none", out _));
        Assert.Equal(NtStatus.NoSuchFile, f.QueryDirectory(root, "missing.txt", out _, flags: Smb2QueryDirectoryFlags.RestartScans));
        // A complete listing ends with NO_MORE_FILES.
        Assert.Equal(NtStatus.Success, f.QueryDirectory(root, "*", out _, flags: Smb2QueryDirectoryFlags.RestartScans));
        Assert.Equal(NtStatus.NoMoreFiles, f.QueryDirectory(root, "*", out _));
        f.Close(root);
    }

    [Fact]
    public void ResumesAcrossSmallBuffers()
    {
        string[] files = Enumerable.Range(0, 50).Select(i => $"file-with-a-longish-name-{i:D3}.txt").ToArray();
        using var f = WithFiles(files);
        NtvfsHandle root = f.OpenDirectory("");
        // Room for about two entries per response.
        List<string> names = ListAll(f, root, "*", outputLength: 300);
        Assert.Equal(files.Length + 2, names.Count);
        Assert.Equal(files.Order(), names.Skip(2).Order());
        Assert.Equal(names.Count, names.Distinct().Count());
        f.Close(root);
    }

    [Fact]
    public void SingleEntryAndRestart()
    {
        using var f = WithFiles("one.txt", "two.txt");
        NtvfsHandle root = f.OpenDirectory("");
        var seen = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(NtStatus.Success, f.QueryDirectory(root, "*", out byte[] data, flags: Smb2QueryDirectoryFlags.ReturnSingleEntry));
            List<string> names = BackendFixture.Names(data, IdBothNameOffset);
            Assert.Single(names);
            seen.AddRange(names);
        }
        Assert.Equal(NtStatus.NoMoreFiles, f.QueryDirectory(root, "*", out _, flags: Smb2QueryDirectoryFlags.ReturnSingleEntry));
        Assert.Equal([".", "..", "one.txt", "two.txt"], seen.Take(2).Concat(seen.Skip(2).Order()));

        Assert.Equal(NtStatus.Success, f.QueryDirectory(root, "*", out byte[] again,
            flags: Smb2QueryDirectoryFlags.RestartScans | Smb2QueryDirectoryFlags.ReturnSingleEntry));
        Assert.Equal(["."], BackendFixture.Names(again, IdBothNameOffset));
        f.Close(root);
    }

    [Fact]
    public void PatternChangeWithoutRestartKeepsTheFirstPattern()
    {
        using var f = WithFiles("a.txt", "b.doc");
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal(NtStatus.Success, f.QueryDirectory(root, "*.doc", out byte[] data, flags: Smb2QueryDirectoryFlags.ReturnSingleEntry));
        Assert.Equal(["b.doc"], BackendFixture.Names(data, IdBothNameOffset));
        Assert.Equal(NtStatus.NoMoreFiles, f.QueryDirectory(root, "*.txt", out _));
        // REOPEN takes the new pattern.
        Assert.Equal(NtStatus.Success, f.QueryDirectory(root, "*.txt", out data, flags: Smb2QueryDirectoryFlags.Reopen));
        Assert.Equal(["a.txt"], BackendFixture.Names(data, IdBothNameOffset));
        f.Close(root);
    }

    [Theory]
    [InlineData(FileInformationClass.FileDirectoryInformation)]
    [InlineData(FileInformationClass.FileFullDirectoryInformation)]
    [InlineData(FileInformationClass.FileBothDirectoryInformation)]
    [InlineData(FileInformationClass.FileIdBothDirectoryInformation)]
    [InlineData(FileInformationClass.FileIdFullDirectoryInformation)]
    [InlineData(FileInformationClass.FileIdExtdDirectoryInformation)]
    [InlineData(FileInformationClass.FileNamesInformation)]
    public void EveryDirectoryClass(FileInformationClass infoClass)
    {
        using var f = WithFiles("x.txt", "y.txt");
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal([".", "..", "x.txt", "y.txt"], ListAll(f, root, "*", infoClass).Order(StringComparer.Ordinal));
        f.Close(root);
    }

    [Fact]
    public void VetoedAndHiddenDotFiles()
    {
        using var f = new BackendFixture(veto: "/*.tmp/");
        f.WriteFile("keep.txt", "x");
        f.WriteFile("junk.tmp", "x");
        f.WriteFile(".hidden", "x");
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal(NtStatus.Success, f.QueryDirectory(root, ".hidden", out byte[] data, flags: Smb2QueryDirectoryFlags.RestartScans));
        Assert.NotEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(56)) & (uint)FileAttributes.Hidden);
        Assert.Equal([".", "..", ".hidden", "keep.txt"], ListAll(f, root, "*").Order(StringComparer.Ordinal));
        f.Close(root);
    }

    [Fact]
    public void NamesNoClientCouldOpenAreNotListed()
    {
        using var f = WithFiles("fine.txt", "with:colon", "star*name");
        File.WriteAllText(Path.Combine(f.Root, "back\\slash"), "x");
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal([".", "..", "fine.txt"], ListAll(f, root, "*").Order(StringComparer.Ordinal));
        f.Close(root);
    }

    [Fact]
    public void SymbolicLinksFollowTheShareRules()
    {
        using var f = WithFiles("target.txt");
        File.CreateSymbolicLink(f.Local("inside-link"), "target.txt");
        File.CreateSymbolicLink(f.Local("outside-link"), "/etc/hostname");
        File.CreateSymbolicLink(f.Local("dangling"), "nothing-here");
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal([".", "..", "inside-link", "target.txt"], ListAll(f, root, "*").Order(StringComparer.Ordinal));
        f.Close(root);
    }

    [Fact]
    public void ArgumentsAndAccessAreChecked()
    {
        using var f = WithFiles("a.txt");
        NtvfsHandle file = f.Open("a.txt", disposition: Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.InvalidParameter, f.QueryDirectory(file, "*", out _));
        f.Close(file);
        NtvfsHandle noList = f.Open("", (uint)AccessMask.FileReadAttributes, Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.AccessDenied, f.QueryDirectory(noList, "*", out _));
        f.Close(noList);
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal(NtStatus.InvalidInfoClass, f.QueryDirectory(root, "*", out _, FileInformationClass.FileBasicInformation));
        Assert.Equal(NtStatus.InfoLengthMismatch, f.QueryDirectory(root, "*", out _, outputLength: 10));
        // Room for the fixed part only: the first entry is truncated with BUFFER_OVERFLOW.
        Assert.Equal(NtStatus.BufferOverflow, f.QueryDirectory(root, "a.txt", out byte[] partial,
            flags: Smb2QueryDirectoryFlags.RestartScans, outputLength: IdBothNameOffset + 2));
        Assert.Equal(IdBothNameOffset + 2, partial.Length);
        Assert.Equal(10u, BinaryPrimitives.ReadUInt32LittleEndian(partial.AsSpan(60)));
        f.Close(root);
    }
}
