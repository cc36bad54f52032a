using System.Buffers.Binary;
using System.Text;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Tests.PosixBackend;

public class SetInfoTests
{
    private static byte[] Basic(long creation, long access, long write, long change, FileAttributes attributes)
    {
        var buffer = new byte[FileBasicInformation.Size];
        new FileBasicInformation(creation, access, write, change, attributes).Write(buffer, out _);
        return buffer;
    }

    private static byte[] Int64(long value)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        return buffer;
    }

    private static FileMetadata Metadata(BackendFixture f, NtvfsHandle h)
    {
        Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileNetworkOpenInformation, out byte[] b));
        return new FileMetadata
        {
            CreationTime = BinaryPrimitives.ReadInt64LittleEndian(b),
            LastAccessTime = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(8)),
            LastWriteTime = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(16)),
            EndOfFile = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(40)),
            FileAttributes = (FileAttributes)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(48)),
        };
    }

    [Fact]
    public void BasicInformationSetsTimesAndAttributes()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("b.txt");
        long created = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc).ToFileTimeUtc();
        long accessed = new DateTime(2002, 1, 1, 0, 0, 0, DateTimeKind.Utc).ToFileTimeUtc();
        long written = new DateTime(2003, 1, 1, 0, 0, 0, DateTimeKind.Utc).ToFileTimeUtc() + 1234567;
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileBasicInformation,
            Basic(created, accessed, written, 0, FileAttributes.Hidden | FileAttributes.ReadOnly)));
        FileMetadata m = Metadata(f, h);
        Assert.Equal(created, m.CreationTime);
        Assert.Equal(accessed, m.LastAccessTime);
        Assert.Equal(written, m.LastWriteTime);
        Assert.Equal(FileAttributes.Hidden | FileAttributes.ReadOnly, m.FileAttributes);

        // 0 changes nothing, attributes 0 included.
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileBasicInformation, Basic(0, 0, 0, 0, 0)));
        Assert.Equal(m, Metadata(f, h));
        // A time below -2 is invalid; DIRECTORY on a file is invalid.
        Assert.Equal(NtStatus.InvalidParameter, f.SetFile(h, FileInformationClass.FileBasicInformation, Basic(-3, 0, 0, 0, 0)));
        Assert.Equal(NtStatus.InvalidParameter, f.SetFile(h, FileInformationClass.FileBasicInformation,
            Basic(0, 0, 0, 0, FileAttributes.Directory)));
        Assert.Equal(NtStatus.InfoLengthMismatch, f.SetFile(h, FileInformationClass.FileBasicInformation, new byte[39]));
        f.Close(h);
        Assert.Equal(DateTime.FromFileTimeUtc(written), File.GetLastWriteTimeUtc(f.Local("b.txt")));
    }

    [Fact]
    public void ExplicitAndFrozenWriteTimesStickForTheOpen()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("sticky.txt");
        long fixedTime = new DateTime(2010, 5, 5, 0, 0, 0, DateTimeKind.Utc).ToFileTimeUtc();
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileBasicInformation, Basic(0, 0, fixedTime, 0, 0)));
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "changes the data", out _));
        Assert.Equal(fixedTime, Metadata(f, h).LastWriteTime);

        // -2 resumes automatic updates.
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileBasicInformation, Basic(0, 0, -2, 0, 0)));
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "x", out _));
        long moved = Metadata(f, h).LastWriteTime;
        Assert.True(moved > fixedTime);

        // -1 freezes the current time.
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileBasicInformation, Basic(0, 0, -1, 0, 0)));
        Thread.Sleep(20);
        Assert.Equal(NtStatus.Success, f.Write(h, 1, "y", out _));
        Assert.Equal(moved, Metadata(f, h).LastWriteTime);
        f.Close(h);
    }

    [Fact]
    public void BasicNeedsWriteAttributes()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("w.txt", (uint)AccessMask.FileGenericRead);
        Assert.Equal(NtStatus.AccessDenied, f.SetFile(h, FileInformationClass.FileBasicInformation, Basic(0, 0, 0, 0, FileAttributes.Hidden)));
        f.Close(h);
    }

    [Fact]
    public void EndOfFileAndAllocation()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("size.bin");
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileEndOfFileInformation, Int64(10000)));
        Assert.Equal(10000, new FileInfo(f.Local("size.bin")).Length);
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileEndOfFileInformation, Int64(10)));
        Assert.Equal(10, new FileInfo(f.Local("size.bin")).Length);
        Assert.Equal(NtStatus.InvalidParameter, f.SetFile(h, FileInformationClass.FileEndOfFileInformation, Int64(-1)));
        // Allocation above the size keeps the size; below it truncates.
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileAllocationInformation, Int64(1 << 20)));
        Assert.Equal(10, new FileInfo(f.Local("size.bin")).Length);
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileAllocationInformation, Int64(4)));
        Assert.Equal(4, new FileInfo(f.Local("size.bin")).Length);
        f.Close(h);

        NtvfsHandle readOnly = f.Open("size.bin", (uint)AccessMask.FileGenericRead);
        Assert.Equal(NtStatus.AccessDenied, f.SetFile(readOnly, FileInformationClass.FileEndOfFileInformation, Int64(0)));
        f.Close(readOnly);
    }

    [Fact]
    public void RenameWithAndWithoutReplace()
    {
        using var f = new BackendFixture();
        f.WriteFile("target.txt", "old");
        NtvfsHandle h = f.Open("src.txt", BackendFixture.ReadWrite | (uint)AccessMask.Delete);
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "new", out _));
        Assert.Equal(NtStatus.ObjectNameCollision, f.Rename(h, "target.txt"));
        Assert.Equal(NtStatus.ObjectNameCollision, f.Rename(h, "TARGET.TXT"));
        Assert.Equal(NtStatus.Success, f.Rename(h, "target.txt", replace: true));
        Assert.False(File.Exists(f.Local("src.txt")));
        Assert.Equal("new", File.ReadAllText(f.Local("target.txt")));
        Assert.Equal("target.txt", h.Path);

        Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileNameInformation, out byte[] name));
        Assert.Equal("\\target.txt", Encoding.Unicode.GetString(name, 4, BinaryPrimitives.ReadInt32LittleEndian(name)));

        // Into a subdirectory (share-relative path), then a case-only rename.
        Directory.CreateDirectory(f.Local("sub"));
        Assert.Equal(NtStatus.Success, f.Rename(h, "sub\\moved.txt"));
        Assert.True(File.Exists(f.Local("sub/moved.txt")));
        Assert.Equal(NtStatus.Success, f.Rename(h, "sub\\MOVED.txt"));
        Assert.Equal(["MOVED.txt"], Directory.GetFiles(f.Local("sub")).Select(Path.GetFileName));
        Assert.Equal(NtStatus.ObjectPathNotFound, f.Rename(h, "nodir\\x.txt"));
        Assert.Equal(NtStatus.ObjectNameInvalid, f.Rename(h, "bad*name.txt"));
        f.Close(h);
    }

    [Fact]
    public void RenameNeedsDeleteAccessAndAClosedTarget()
    {
        using var f = new BackendFixture();
        NtvfsHandle noDelete = f.Open("a.txt");
        Assert.Equal(NtStatus.AccessDenied, f.Rename(noDelete, "b.txt"));
        f.Close(noDelete);

        NtvfsHandle h = f.Open("a.txt", BackendFixture.ReadWrite | (uint)AccessMask.Delete);
        NtvfsHandle target = f.Open("open.txt");
        Assert.Equal(NtStatus.AccessDenied, f.Rename(h, "open.txt", replace: true));
        f.Close(target);
        Directory.CreateDirectory(f.Local("adir"));
        Assert.Equal(NtStatus.AccessDenied, f.Rename(h, "adir", replace: true));
        f.Close(h);
    }

    [Fact]
    public void RenameIntoADirectoryOpenWithDeleteAccessIsASharingViolation()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("d", (uint)(AccessMask.FileGenericRead | AccessMask.Delete));
        NtvfsHandle h = f.Open("d\\a.txt", BackendFixture.ReadWrite | (uint)AccessMask.Delete);
        Assert.Equal(NtStatus.SharingViolation, f.Rename(h, "d\\b.txt"));
        // Out of it is fine: only the target's directory is opened for the rename.
        Assert.Equal(NtStatus.Success, f.Rename(h, "c.txt"));
        Assert.Equal(NtStatus.SharingViolation, f.Rename(h, "d\\c.txt"));
        f.Close(dir);

        // Held without DELETE access, the directory admits the rename.
        dir = f.OpenDirectory("d");
        Assert.Equal(NtStatus.Success, f.Rename(h, "d\\b.txt"));
        Assert.True(File.Exists(f.Local("d/b.txt")));
        f.Close(h);
        f.Close(dir);
    }

    [Fact]
    public void DirectoryWithOpenFilesBelowCannotBeRenamed()
    {
        using var f = new BackendFixture();
        f.WriteFile("d\\inner\\f.txt", "x");
        NtvfsHandle dir = f.Open("d", (uint)(AccessMask.FileGenericRead | AccessMask.Delete), Smb2CreateDisposition.Open,
            Smb2CreateOptions.DirectoryFile);
        NtvfsHandle inner = f.Open("d\\inner\\f.txt", (uint)AccessMask.FileReadData);
        Assert.Equal(NtStatus.AccessDenied, f.Rename(dir, "e"));
        f.Close(inner);
        Assert.Equal(NtStatus.Success, f.Rename(dir, "e"));
        Assert.True(File.Exists(f.Local("e/inner/f.txt")));
        // Paths of opens below follow the renamed directory.
        NtvfsHandle again = f.Open("e\\inner\\f.txt", (uint)(AccessMask.FileReadData | AccessMask.Delete));
        Assert.Equal(NtStatus.Success, f.SetDisposition(again, true));
        f.Close(again);
        Assert.False(File.Exists(f.Local("e/inner/f.txt")));
        f.Close(dir);
    }

    [Fact]
    public void DispositionRules()
    {
        using var f = new BackendFixture();
        f.WriteFile("full\\x.txt", "x");
        uint dirAccess = (uint)(AccessMask.FileGenericRead | AccessMask.Delete);
        NtvfsHandle full = f.Open("full", dirAccess, Smb2CreateDisposition.Open, Smb2CreateOptions.DirectoryFile);
        Assert.Equal(NtStatus.DirectoryNotEmpty, f.SetDisposition(full, true));
        f.Close(full);
        Assert.True(Directory.Exists(f.Local("full")));

        NtvfsHandle ro = f.Open("ro.txt", BackendFixture.ReadWrite | (uint)AccessMask.Delete);
        Assert.Equal(NtStatus.Success, f.SetFile(ro, FileInformationClass.FileBasicInformation,
            Basic(0, 0, 0, 0, FileAttributes.ReadOnly)));
        Assert.Equal(NtStatus.CannotDelete, f.SetDisposition(ro, true));
        f.Close(ro);

        NtvfsHandle keep = f.Open("keep.txt", BackendFixture.ReadWrite | (uint)AccessMask.Delete);
        Assert.Equal(NtStatus.Success, f.SetDisposition(keep, true));
        Assert.Equal(NtStatus.Success, f.SetDisposition(keep, false));
        f.Close(keep);
        Assert.True(File.Exists(f.Local("keep.txt")));

        NtvfsHandle noDelete = f.Open("keep.txt", BackendFixture.ReadWrite);
        Assert.Equal(NtStatus.AccessDenied, f.SetDisposition(noDelete, true));
        f.Close(noDelete);

        NtvfsHandle root = f.Open("", dirAccess, Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.CannotDelete, f.SetDisposition(root, true));
        f.Close(root);
    }

    [Fact]
    public void PosixDispositionUnlinksAtOnce()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("p.txt", BackendFixture.ReadWrite | (uint)AccessMask.Delete);
        byte[] flags = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)(FileDispositionFlags.Delete | FileDispositionFlags.PosixSemantics));
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileDispositionInformationEx, flags));
        Assert.False(File.Exists(f.Local("p.txt")));
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "still writable", out _));
        f.Close(h);
        Assert.Equal(0, f.Backend.ShareModes.FileCount);
    }

    [Fact]
    public void HardLink()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("orig.txt");
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "linked", out _));
        var link = new FileLinkInformation(false, 0, "copy.txt");
        byte[] buffer = new byte[link.BinaryLength];
        link.Write(buffer);
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileLinkInformation, buffer));
        Assert.Equal("linked", File.ReadAllText(f.Local("copy.txt")));
        Assert.Equal(NtStatus.ObjectNameCollision, f.SetFile(h, FileInformationClass.FileLinkInformation, buffer));
        Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileStandardInformation, out byte[] standard));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(standard.AsSpan(16)));
        f.Close(h);
        NtvfsHandle d = f.OpenDirectory("dir");
        Assert.Equal(NtStatus.FileIsADirectory, f.SetFile(d, FileInformationClass.FileLinkInformation, buffer));
        f.Close(d);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void SecurityDescriptorMapsToModeAndOwner()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("sec.txt", (uint)AccessMask.MaximumAllowed);
        var owner = SecurityIdentifier.FromUnixUser(0);
        var group = SecurityIdentifier.FromUnixGroup(0);
        var dacl = new Acl([
            Ace.AccessAllowed(owner, AccessMask.FileGenericRead | AccessMask.FileGenericWrite | AccessMask.FileGenericExecute),
            Ace.AccessAllowed(group, AccessMask.FileGenericRead),
        ]);
        var sd = new SecurityDescriptor(SecurityDescriptorControl.SelfRelative, null, null, null, dacl);
        Assert.Equal(NtStatus.Success, f.Run<bool>(f.Backend.SetInfoSend(f.Request, h, new NtvfsSetInfoArgs(
            Smb2InfoType.Security, 0, (uint)SecurityInformation.Dacl, sd.ToArray())), out _));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead,
            File.GetUnixFileMode(f.Local("sec.txt")));

        // An ACE for a SID the mode cannot hold is refused, not dropped.
        var foreign = new Acl([Ace.AccessAllowed(SecurityIdentifier.BuiltinAdministrators, AccessMask.FileAllAccess)]);
        var refused = new SecurityDescriptor(SecurityDescriptorControl.SelfRelative, null, null, null, foreign);
        Assert.Equal(NtStatus.AccessDenied, f.Run<bool>(f.Backend.SetInfoSend(f.Request, h, new NtvfsSetInfoArgs(
            Smb2InfoType.Security, 0, (uint)SecurityInformation.Dacl, refused.ToArray())), out _));

        // The owner as a Unix SID is a chown (the tests run as root).
        var chown = new SecurityDescriptor(SecurityDescriptorControl.SelfRelative, SecurityIdentifier.FromUnixUser(4321), null, null, null);
        Assert.Equal(NtStatus.Success, f.Run<bool>(f.Backend.SetInfoSend(f.Request, h, new NtvfsSetInfoArgs(
            Smb2InfoType.Security, 0, (uint)SecurityInformation.Owner, chown.ToArray())), out _));
        Assert.Equal(NtStatus.Success, f.Query(h, Smb2InfoType.Security, 0, out byte[] data, 4096, (uint)SecurityInformation.Owner));
        Assert.True(SecurityDescriptor.TryParse(data, out SecurityDescriptor back, out _));
        Assert.Equal(SecurityIdentifier.FromUnixUser(4321), back.Owner);
        f.Close(h);

        NtvfsHandle readOnly = f.Open("sec.txt", (uint)AccessMask.FileGenericRead);
        Assert.Equal(NtStatus.AccessDenied, f.Run<bool>(f.Backend.SetInfoSend(f.Request, readOnly, new NtvfsSetInfoArgs(
            Smb2InfoType.Security, 0, (uint)SecurityInformation.Dacl, sd.ToArray())), out _));
        f.Close(readOnly);
    }

    [Fact]
    public void UnknownClassesAreInvalid()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("u.txt");
        Assert.Equal(NtStatus.InvalidInfoClass, f.SetFile(h, (FileInformationClass)200, new byte[8]));
        Assert.Equal(NtStatus.InvalidInfoClass, f.SetFile(h, FileInformationClass.FileStandardInformation, new byte[24]));
        f.Close(h);
    }
}
