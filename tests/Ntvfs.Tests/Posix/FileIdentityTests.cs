using System.Buffers.Binary;
using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

public sealed class FileIdentityTests : IDisposable
{
    private readonly TestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void FileId128IsInodeThenDevice()
    {
        var id = new FileId(0x0102030405060708, 0x1112131415161718);
        Assert.Equal(0x1112131415161718UL, id.IndexNumber);
        byte[] buffer = new byte[20];
        id.WriteFileId128(buffer.AsSpan(3));
        Assert.Equal(0x1112131415161718UL, BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(3)));
        Assert.Equal(0x0102030405060708UL, BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(11)));
    }

    [Fact]
    public void IndexNumberIsTheInodeAndSurvivesRename()
    {
        _tree.File_("a.txt");
        Assert.Equal(0, FileStatus.TryGet(SafeFileDescriptor.CurrentDirectory, _tree.InShare("a.txt"), 0, out FileStatus before));
        File.Move(_tree.InShare("a.txt"), _tree.InShare("b.txt"));
        Assert.Equal(0, FileStatus.TryGet(SafeFileDescriptor.CurrentDirectory, _tree.InShare("b.txt"), 0, out FileStatus after));
        Assert.Equal(before.FileId, after.FileId);
        Assert.NotEqual(0UL, after.FileId.IndexNumber);
    }

    [Fact]
    public void VolumeSerialIsStableAndPerFileSystem()
    {
        using SafeFileDescriptor share = Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.Share,
            Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        Assert.Equal(NtStatus.Success, VolumeSerial.GetSerial32(share, out uint a));
        Assert.Equal(NtStatus.Success, VolumeSerial.GetSerial32(share, out uint b));
        Assert.Equal(a, b);
        Assert.Equal(NtStatus.Success, VolumeSerial.GetSerial64(share, out ulong wide));
        Assert.Equal(VolumeSerial.Fold(wide), a);

        Assert.Equal(VolumeSerial.Fold(Libc.MakeDev(8, 1)), VolumeSerial.Fold(Libc.MakeDev(8, 1)));
        Assert.NotEqual(VolumeSerial.Fold(Libc.MakeDev(8, 1)), VolumeSerial.Fold(Libc.MakeDev(8, 2)));
    }

    [Fact]
    public void MakeDevMatchesGlibc()
    {
        Assert.Equal(0x0801UL, Libc.MakeDev(8, 1));
        // major above 4095 goes to bits 44..
        Assert.Equal(0x0000_1000_0000_0100UL, Libc.MakeDev(0x1001, 0));
        // major 259, minor 3 (an NVMe partition): (259 & 0xfff) << 8 | 3
        Assert.Equal((259UL << 8) | 3, Libc.MakeDev(259, 3));
        // minor above 255 goes to bits 20..
        Assert.Equal((8UL << 8) | (0x100UL << 12), Libc.MakeDev(8, 0x100));
    }
}
