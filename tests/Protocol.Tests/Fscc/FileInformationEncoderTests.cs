using Protocol.Fscc;
using Protocol.Security;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Protocol.Tests.Fscc;

public class FileInformationEncoderTests
{
    private static readonly FileMetadata M = Samples.File;

    [Fact]
    public void FileMetadata_EffectiveAttributes_FollowsIsDirectoryAndNormalRule()
    {
        Assert.Equal(FileAttributes.Normal, (M with { FileAttributes = FileAttributes.None }).EffectiveAttributes);
        Assert.Equal(FileAttributes.Archive, (M with { FileAttributes = FileAttributes.Archive | FileAttributes.Normal }).EffectiveAttributes);
        Assert.Equal(FileAttributes.Directory, Samples.Directory.EffectiveAttributes);
        // A stale DIRECTORY bit on a file is dropped: IsDirectory is authoritative.
        Assert.Equal(FileAttributes.Normal, (M with { FileAttributes = FileAttributes.Directory }).EffectiveAttributes);
    }

    [Fact]
    public void FileBasicInformation_Is40BytesAtSpecOffsets_AndLeavesNeighboursAlone()
    {
        var buffer = new byte[100];
        Array.Fill(buffer, (byte)0xEE);
        Span<byte> output = buffer.AsSpan(10, 50);
        Assert.Equal(NtStatus.Success, FileBasicInformation.Write(M, output, out int written));
        Assert.Equal(40, written);
        Assert.Equal(M.CreationTime, Le.I64(output, 0));
        Assert.Equal(M.LastAccessTime, Le.I64(output, 8));
        Assert.Equal(M.LastWriteTime, Le.I64(output, 16));
        Assert.Equal(M.ChangeTime, Le.I64(output, 24));
        Assert.Equal((uint)FileAttributes.Archive, Le.U32(output, 32));
        Assert.Equal(0u, Le.U32(output, 36));
        Assert.Equal(0xEE, buffer[9]);
        Assert.Equal(0xEE, buffer[50]);
    }

    [Fact]
    public void FileBasicInformation_RoundTripsThroughTryParse()
    {
        var info = new FileBasicInformation(1, -1, -2, 0, FileAttributes.Hidden | FileAttributes.ReadOnly);
        var buffer = new byte[64];
        Assert.Equal(NtStatus.Success, info.Write(buffer.AsSpan(8), out int written));
        Assert.True(FileBasicInformation.TryParse(buffer.AsSpan(8, written), out var parsed, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(info, parsed);
    }

    [Fact]
    public void FileStandardInformation_Layout()
    {
        var o = new byte[24];
        Assert.Equal(NtStatus.Success, FileStandardInformation.Write(M, o, out int written));
        Assert.Equal(24, written);
        Assert.Equal(M.AllocationSize, Le.I64(o, 0));
        Assert.Equal(M.EndOfFile, Le.I64(o, 8));
        Assert.Equal(2u, Le.U32(o, 16));
        Assert.Equal(1, o[20]); // DeletePending
        Assert.Equal(0, o[21]); // Directory
        Assert.Equal(0, Le.U16(o, 22));

        Assert.Equal(NtStatus.Success, FileStandardInformation.Write(Samples.Directory, o, out _));
        Assert.Equal(0, o[20]);
        Assert.Equal(1, o[21]);
    }

    [Fact]
    public void SmallFixedClasses_Layout()
    {
        var o = new byte[8];
        Assert.Equal(NtStatus.Success, FileInternalInformation.Write(M, o, out int w));
        Assert.Equal((8, 0x1122_3344_5566_7788UL), (w, Le.U64(o, 0)));

        Assert.Equal(NtStatus.Success, FileEaInformation.Write(M, o, out w));
        Assert.Equal((4, 0x44u), (w, Le.U32(o, 0)));

        Assert.Equal(NtStatus.Success, FileAccessInformation.Write(AccessMask.FileGenericRead, o, out w));
        Assert.Equal((4, 0x00120089u), (w, Le.U32(o, 0)));

        Assert.Equal(NtStatus.Success, new FilePositionInformation(0x1234).Write(o, out w));
        Assert.Equal((8, 0x1234L), (w, Le.I64(o, 0)));

        Assert.Equal(NtStatus.Success, new FileModeInformation(FileModeFlags.SynchronousIoNonalert).Write(o, out w));
        Assert.Equal((4, 0x20u), (w, Le.U32(o, 0)));

        Assert.Equal(NtStatus.Success, FileAlignmentInformation.Write(FileAlignmentInformation.FileByteAlignment, o, out w));
        Assert.Equal((4, 0u), (w, Le.U32(o, 0)));
    }

    [Fact]
    public void FileNetworkOpenInformation_Layout()
    {
        var o = new byte[56];
        Assert.Equal(NtStatus.Success, FileNetworkOpenInformation.Write(M, o, out int written));
        Assert.Equal(56, written);
        Assert.Equal(M.CreationTime, Le.I64(o, 0));
        Assert.Equal(M.LastAccessTime, Le.I64(o, 8));
        Assert.Equal(M.LastWriteTime, Le.I64(o, 16));
        Assert.Equal(M.ChangeTime, Le.I64(o, 24));
        Assert.Equal(M.AllocationSize, Le.I64(o, 32));
        Assert.Equal(M.EndOfFile, Le.I64(o, 40));
        Assert.Equal((uint)FileAttributes.Archive, Le.U32(o, 48));
        Assert.Equal(0u, Le.U32(o, 52));
    }

    [Fact]
    public void FileAttributeTagInformation_ReportsTagOnlyForReparsePoints()
    {
        var o = new byte[8];
        Assert.Equal(NtStatus.Success, FileAttributeTagInformation.Write(M with { ReparseTag = 0xA000000C }, o, out int w));
        Assert.Equal(8, w);
        Assert.Equal((uint)FileAttributes.Archive, Le.U32(o, 0));
        Assert.Equal(0u, Le.U32(o, 4));

        var link = M with { FileAttributes = FileAttributes.ReparsePoint, ReparseTag = 0xA000000C };
        Assert.Equal(NtStatus.Success, FileAttributeTagInformation.Write(link, o, out _));
        Assert.Equal((uint)FileAttributes.ReparsePoint, Le.U32(o, 0));
        Assert.Equal(0xA000000Cu, Le.U32(o, 4));
    }

    [Fact]
    public void FileCompressionInformation_ReportsUncompressed()
    {
        var o = new byte[16];
        Array.Fill(o, (byte)0xFF);
        Assert.Equal(NtStatus.Success, FileCompressionInformation.Write(M, o, out int w));
        Assert.Equal(16, w);
        Assert.Equal(M.EndOfFile, Le.I64(o, 0));
        Assert.Equal(0, Le.U16(o, 8)); // COMPRESSION_FORMAT_NONE
        Assert.All(o[10..16], b => Assert.Equal(0, b));
    }

    [Fact]
    public void FileIdInformation_Layout()
    {
        var o = new byte[24];
        Assert.Equal(NtStatus.Success, FileIdInformation.Write(M, 0xCAFE, o, out int w));
        Assert.Equal(24, w);
        Assert.Equal(0xCAFEUL, Le.U64(o, 0));
        Assert.Equal(M.IndexNumber, Le.U64(o, 8));
        Assert.Equal(0UL, Le.U64(o, 16));
    }

    public static TheoryData<string, int> FixedSizes => new()
    {
        { "Basic", 40 }, { "Standard", 24 }, { "Internal", 8 }, { "Ea", 4 }, { "Access", 4 }, { "Position", 8 },
        { "Mode", 4 }, { "Alignment", 4 }, { "NetworkOpen", 56 }, { "AttributeTag", 8 }, { "Compression", 16 },
        { "Id", 24 },
    };

    // MS-SMB2 3.3.5.20.1: an output too small for a fixed-size class is STATUS_INFO_LENGTH_MISMATCH, and
    // exactly the fixed size is enough.
    [Theory]
    [MemberData(nameof(FixedSizes))]
    public void FixedClasses_OneByteShort_IsInfoLengthMismatch(string name, int size)
    {
        var big = new byte[size];
        Assert.Equal(NtStatus.Success, WriteByName(name, big, out int written));
        Assert.Equal(size, written);

        var small = new byte[size - 1];
        Assert.Equal(NtStatus.InfoLengthMismatch, WriteByName(name, small, out written));
        Assert.Equal(0, written);
        Assert.Equal(NtStatus.InfoLengthMismatch, WriteByName(name, [], out _));
    }

    private static NtStatus WriteByName(string name, Span<byte> o, out int written) => name switch
    {
        "Basic" => FileBasicInformation.Write(M, o, out written),
        "Standard" => FileStandardInformation.Write(M, o, out written),
        "Internal" => FileInternalInformation.Write(M, o, out written),
        "Ea" => FileEaInformation.Write(M, o, out written),
        "Access" => FileAccessInformation.Write(AccessMask.FileAllAccess, o, out written),
        "Position" => new FilePositionInformation(0).Write(o, out written),
        "Mode" => new FileModeInformation(FileModeFlags.None).Write(o, out written),
        "Alignment" => FileAlignmentInformation.Write(0, o, out written),
        "NetworkOpen" => FileNetworkOpenInformation.Write(M, o, out written),
        "AttributeTag" => FileAttributeTagInformation.Write(M, o, out written),
        "Compression" => FileCompressionInformation.Write(M, o, out written),
        "Id" => FileIdInformation.Write(M, 1, o, out written),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
