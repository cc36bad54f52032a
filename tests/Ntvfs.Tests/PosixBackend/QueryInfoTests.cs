using System.Buffers.Binary;
using System.Text;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Tests.PosixBackend;

public class QueryInfoTests
{
    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
    private static long I64(byte[] b, int at) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(at));

    private static (BackendFixture F, NtvfsHandle H) OpenSample(string content = "0123456789")
    {
        var f = new BackendFixture();
        f.WriteFile("dir\\file.txt", content);
        NtvfsHandle h = f.Open("dir\\file.txt", (uint)AccessMask.MaximumAllowed, Smb2CreateDisposition.Open);
        return (f, h);
    }

    [Fact]
    public void BasicStandardInternalNetworkOpenAttributeTag()
    {
        var (f, h) = OpenSample();
        using (f)
        {
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileBasicInformation, out byte[] basic));
            Assert.Equal(40, basic.Length);
            long mtime = new DateTimeOffset(File.GetLastWriteTimeUtc(f.Local("dir/file.txt"))).ToFileTime();
            Assert.InRange(I64(basic, 16), mtime - 10_000_000, mtime + 10_000_000);
            Assert.True(I64(basic, 0) > 0);
            Assert.Equal((uint)FileAttributes.Archive, U32(basic, 32));

            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileStandardInformation, out byte[] standard));
            Assert.Equal(24, standard.Length);
            Assert.Equal(10, I64(standard, 8));
            Assert.Equal(1u, U32(standard, 16));
            Assert.Equal(0, standard[20]);
            Assert.Equal(0, standard[21]);

            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileInternalInformation, out byte[] internalInfo));
            Assert.Equal(0, Ntvfs.Posix.FileStatus.TryGet(Ntvfs.Posix.Native.SafeFileDescriptor.CurrentDirectory,
                f.Local("dir/file.txt"), 0, out Ntvfs.Posix.FileStatus st));
            Assert.Equal(st.Inode, BinaryPrimitives.ReadUInt64LittleEndian(internalInfo));

            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileNetworkOpenInformation, out byte[] netOpen));
            Assert.Equal(56, netOpen.Length);
            Assert.Equal(10, I64(netOpen, 40));
            Assert.Equal((uint)FileAttributes.Archive, U32(netOpen, 48));

            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileAttributeTagInformation, out byte[] tag));
            Assert.Equal((uint)FileAttributes.Archive, U32(tag, 0));
            Assert.Equal(0u, U32(tag, 4));
            f.Close(h);
        }
    }

    [Fact]
    public void ALongNameHasAGeneratedAlternateNameThatListsAndOpensTheFile()
    {
        using var f = new BackendFixture();
        f.WriteFile("dir\\A Long File Name.txt", "long");
        NtvfsHandle h = f.Open("dir\\A Long File Name.txt", (uint)AccessMask.FileGenericRead, Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileAlternateNameInformation, out byte[] alt));
        string shortName = Encoding.Unicode.GetString(alt, 4, (int)U32(alt, 0));
        Assert.Equal(Ntvfs.Posix.ShortNames.AlternateName("A Long File Name.txt"), shortName);
        Assert.StartsWith("ALONG~", shortName);
        f.Close(h);

        // FILE_ID_BOTH_DIR_INFORMATION: ShortNameLength at 68, ShortName at 70.
        NtvfsHandle dir = f.OpenDirectory("dir", disposition: Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.Success, f.QueryDirectory(dir, "A Long*", out byte[] listing));
        Assert.Equal(shortName, Encoding.Unicode.GetString(listing, 70, listing[68]));
        f.Close(dir);

        // The short name opens the same file, in any case, as a path component too.
        NtvfsHandle byShort = f.Open("dir\\" + shortName.ToLowerInvariant(), (uint)AccessMask.FileGenericRead, Smb2CreateDisposition.Open);
        NtvfsHandle byLong = f.Open("dir\\A Long File Name.txt", (uint)AccessMask.FileGenericRead, Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.Success, f.QueryFile(byShort, FileInformationClass.FileInternalInformation, out byte[] idShort));
        Assert.Equal(NtStatus.Success, f.QueryFile(byLong, FileInformationClass.FileInternalInformation, out byte[] idLong));
        Assert.Equal(idLong, idShort);
        f.Close(byShort);
        f.Close(byLong);
        Assert.Equal(NtStatus.ObjectNameNotFound, f.Create("dir\\ALONG~ZZ.TXT", out _, (uint)AccessMask.FileGenericRead, Smb2CreateDisposition.Open));
    }

    [Fact]
    public void NamesAllAndPerOpenClasses()
    {
        var (f, h) = OpenSample();
        using (f)
        {
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileNameInformation, out byte[] name));
            Assert.Equal("\\dir\\file.txt", Encoding.Unicode.GetString(name, 4, (int)U32(name, 0)));
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileNormalizedNameInformation, out byte[] normalized));
            Assert.Equal("dir\\file.txt", Encoding.Unicode.GetString(normalized, 4, (int)U32(normalized, 0)));
            // "file.txt" fits 8.3, so it is its own alternate name (as Samba reports it).
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileAlternateNameInformation, out byte[] alt));
            Assert.Equal("file.txt", Encoding.Unicode.GetString(alt, 4, (int)U32(alt, 0)));

            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileAccessInformation, out byte[] access));
            Assert.Equal((uint)AccessMask.FileAllAccess, U32(access, 0));
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileEaInformation, out byte[] ea));
            Assert.Equal(0u, U32(ea, 0));
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileAlignmentInformation, out byte[] alignment));
            Assert.Equal(0u, U32(alignment, 0));

            // Position is per open and settable.
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FilePositionInformation, out byte[] position));
            Assert.Equal(0, I64(position, 0));
            byte[] newPosition = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(newPosition, 1234);
            Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FilePositionInformation, newPosition));
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FilePositionInformation, out position));
            Assert.Equal(1234, I64(position, 0));

            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileModeInformation, out byte[] mode));
            Assert.Equal(0u, U32(mode, 0));
            byte[] newMode = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(newMode, (uint)FileModeFlags.WriteThrough);
            Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileModeInformation, newMode));
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileModeInformation, out mode));
            Assert.Equal((uint)FileModeFlags.WriteThrough, U32(mode, 0));

            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileAllInformation, out byte[] all));
            Assert.Equal(10, I64(all, FileAllInformation.StandardOffset + 8));
            Assert.Equal((uint)AccessMask.FileAllAccess, U32(all, FileAllInformation.AccessOffset));
            Assert.Equal(1234, I64(all, FileAllInformation.PositionOffset));
            Assert.Equal((uint)FileModeFlags.WriteThrough, U32(all, FileAllInformation.ModeOffset));
            Assert.Equal("\\dir\\file.txt", Encoding.Unicode.GetString(all, FileAllInformation.FileNameOffset,
                (int)U32(all, FileAllInformation.NameOffset)));
            // The fixed part fits but not the name: BUFFER_OVERFLOW with what fits.
            Assert.Equal(NtStatus.BufferOverflow, f.QueryFile(h, FileInformationClass.FileAllInformation, out all,
                outputLength: FileAllInformation.FileNameOffset + 4));
            Assert.Equal(FileAllInformation.FileNameOffset + 4, all.Length);
            f.Close(h);
        }
    }

    [Fact]
    public void StreamCompressionIdAndUnknownClasses()
    {
        var (f, h) = OpenSample();
        using (f)
        {
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileStreamInformation, out byte[] streams));
            Assert.Equal("::$DATA", Encoding.Unicode.GetString(streams, 24, (int)U32(streams, 4)));
            Assert.Equal(10, I64(streams, 8));
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileCompressionInformation, out byte[] compression));
            Assert.Equal(10, I64(compression, 0));
            Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileIdInformation, out byte[] id));
            Assert.Equal(24, id.Length);
            Assert.Equal(NtStatus.InvalidInfoClass, f.QueryFile(h, FileInformationClass.FilePipeInformation, out _));
            Assert.Equal(NtStatus.InvalidInfoClass, f.QueryFile(h, FileInformationClass.FileRenameInformation, out _));
            Assert.Equal(NtStatus.InvalidInfoClass, f.QueryFile(h, (FileInformationClass)200, out _));
            Assert.Equal(NtStatus.NoEasOnFile, f.QueryFile(h, FileInformationClass.FileFullEaInformation, out _));
            Assert.Equal(NtStatus.InfoLengthMismatch, f.QueryFile(h, FileInformationClass.FileBasicInformation, out _, outputLength: 39));
            f.Close(h);
        }
    }

    [Fact]
    public void DirectoryReportsDirectoryAndNoStreams()
    {
        using var f = new BackendFixture();
        NtvfsHandle d = f.OpenDirectory("sub");
        Assert.Equal(NtStatus.Success, f.QueryFile(d, FileInformationClass.FileStandardInformation, out byte[] standard));
        Assert.Equal(1, standard[21]);
        Assert.Equal(NtStatus.Success, f.QueryFile(d, FileInformationClass.FileBasicInformation, out byte[] basic));
        Assert.Equal((uint)FileAttributes.Directory, U32(basic, 32));
        Assert.Equal(NtStatus.Success, f.QueryFile(d, FileInformationClass.FileStreamInformation, out byte[] streams));
        Assert.Empty(streams);
        f.Close(d);

        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal(NtStatus.Success, f.QueryFile(root, FileInformationClass.FileNameInformation, out byte[] name));
        Assert.Equal("\\", Encoding.Unicode.GetString(name, 4, (int)U32(name, 0)));
        f.Close(root);
    }

    [Fact]
    public void AttributeQueriesNeedReadAttributes()
    {
        using var f = new BackendFixture();
        f.WriteFile("a.txt", "x");
        NtvfsHandle h = f.Open("a.txt", (uint)AccessMask.FileReadData, Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.AccessDenied, f.QueryFile(h, FileInformationClass.FileBasicInformation, out _));
        Assert.Equal(NtStatus.AccessDenied, f.QueryFile(h, FileInformationClass.FileAllInformation, out _));
        Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileStandardInformation, out _));
        f.Close(h);
    }

    [Fact]
    public void DeletePendingShowsInStandardInformation()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("dp.txt", BackendFixture.ReadWrite | (uint)AccessMask.Delete);
        Assert.Equal(NtStatus.Success, f.SetDisposition(h, true));
        Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileStandardInformation, out byte[] standard));
        Assert.Equal(1, standard[20]);
        f.Close(h);
        Assert.False(File.Exists(f.Local("dp.txt")));
    }

    [Fact]
    public void FileSystemClasses()
    {
        using var f = new BackendFixture();
        NtvfsHandle root = f.OpenDirectory("");
        Assert.Equal(NtStatus.Success, f.QueryFs(root, FileSystemInformationClass.FileFsVolumeInformation, out byte[] volume));
        Assert.Equal("test", Encoding.Unicode.GetString(volume, 18, (int)U32(volume, 12)));
        Assert.NotEqual(0u, U32(volume, 8));

        Assert.Equal(NtStatus.Success, f.QueryFs(root, FileSystemInformationClass.FileFsSizeInformation, out byte[] size));
        Assert.True(I64(size, 0) > 0);
        Assert.True(I64(size, 8) >= 0 && I64(size, 8) <= I64(size, 0));
        Assert.Equal(512u, U32(size, 20));
        var drive = new DriveInfo(f.Root);
        long unitBytes = U32(size, 16) * 512L;
        Assert.InRange(I64(size, 0) * unitBytes, drive.TotalSize - unitBytes, drive.TotalSize + unitBytes);

        Assert.Equal(NtStatus.Success, f.QueryFs(root, FileSystemInformationClass.FileFsFullSizeInformation, out byte[] full));
        Assert.Equal(I64(size, 0), I64(full, 0));
        Assert.True(I64(full, 16) >= I64(full, 8));

        Assert.Equal(NtStatus.Success, f.QueryFs(root, FileSystemInformationClass.FileFsDeviceInformation, out byte[] device));
        Assert.Equal(FileFsDeviceInformation.FileDeviceDisk, U32(device, 0));

        Assert.Equal(NtStatus.Success, f.QueryFs(root, FileSystemInformationClass.FileFsAttributeInformation, out byte[] attributes));
        Assert.Equal((uint)(FileFsAttributeInformation.DefaultAttributes | FileSystemAttributes.SupportsExtendedAttributes), U32(attributes, 0));
        Assert.Equal(255u, U32(attributes, 4));
        Assert.Equal("NTFS", Encoding.Unicode.GetString(attributes, 12, (int)U32(attributes, 8)));

        Assert.Equal(NtStatus.Success, f.QueryFs(root, FileSystemInformationClass.FileFsSectorSizeInformation, out byte[] sector));
        Assert.Equal(28, sector.Length);
        Assert.Equal(512u, U32(sector, 0));

        Assert.Equal(NtStatus.Success, f.QueryFs(root, FileSystemInformationClass.FileFsObjectIdInformation, out byte[] objectId));
        Assert.Equal(64, objectId.Length);
        Assert.Equal(NtStatus.Success, f.QueryFs(root, FileSystemInformationClass.FileFsObjectIdInformation, out byte[] again));
        Assert.Equal(objectId, again);

        Assert.Equal(NtStatus.InvalidInfoClass, f.QueryFs(root, FileSystemInformationClass.FileFsDriverPathInformation, out _));
        f.Close(root);
    }

    [Fact]
    public void ReadOnlyShareSaysSo()
    {
        using var f = new BackendFixture(readOnly: true);
        NtvfsHandle root = f.OpenDirectory("", disposition: Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.Success, f.QueryFs(root, FileSystemInformationClass.FileFsAttributeInformation, out byte[] attributes));
        Assert.NotEqual(0u, U32(attributes, 0) & (uint)FileSystemAttributes.ReadOnlyVolume);
        f.Close(root);
    }

    [Fact]
    public void SecurityDescriptorFromTheMode()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("sd.txt", (uint)AccessMask.MaximumAllowed);
        const uint parts = (uint)(SecurityInformation.Owner | SecurityInformation.Group | SecurityInformation.Dacl);
        Assert.Equal(NtStatus.Success, f.Query(h, Smb2InfoType.Security, 0, out byte[] data, 4096, parts));
        Assert.True(SecurityDescriptor.TryParse(data, out SecurityDescriptor sd, out _));
        Assert.Equal(SecurityIdentifier.FromUnixUser(0), sd.Owner);
        Assert.NotNull(sd.Dacl);
        Assert.Equal(AccessMask.FileGenericRead | AccessMask.FileGenericWrite, sd.Dacl!.Aces[0].Mask & (AccessMask.FileGenericRead | AccessMask.FileGenericWrite));

        // Only the owner asked for: no group, no DACL.
        Assert.Equal(NtStatus.Success, f.Query(h, Smb2InfoType.Security, 0, out data, 4096, (uint)SecurityInformation.Owner));
        Assert.True(SecurityDescriptor.TryParse(data, out sd, out _));
        Assert.Null(sd.Group);
        Assert.Null(sd.Dacl);

        // Too small: BUFFER_TOO_SMALL and the size needed.
        Assert.Equal(NtStatus.BufferTooSmall, f.Query(h, Smb2InfoType.Security, 0, out data, 16, parts));
        Assert.Equal(4, data.Length);
        Assert.True(U32(data, 0) > 16);
        Assert.Equal(NtStatus.AccessDenied, f.Query(h, Smb2InfoType.Security, 0, out _, 4096, (uint)SecurityInformation.Sacl));
        f.Close(h);

        NtvfsHandle noControl = f.Open("sd.txt", (uint)AccessMask.FileReadData);
        Assert.Equal(NtStatus.AccessDenied, f.Query(noControl, Smb2InfoType.Security, 0, out _, 4096, parts));
        f.Close(noControl);
    }
}
