using Ntvfs.Posix;
using Ntvfs.Posix.Backend;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Tests.PosixBackend;

public class CreateTests
{
    [Fact]
    public void ConnectToMissingPathIsBadNetworkName()
    {
        using var f = new BackendFixture(path: "/nonexistent/ntvfs-share");
        Assert.Equal(NtStatus.BadNetworkName, f.ConnectStatus);
    }

    [Fact]
    public void ConnectToAFileIsBadNetworkName()
    {
        string file = Path.GetTempFileName();
        try
        {
            using var f = new BackendFixture(path: file);
            Assert.Equal(NtStatus.BadNetworkName, f.ConnectStatus);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(Smb2CreateDisposition.Supersede, Smb2CreateAction.Created, Smb2CreateAction.Superseded)]
    [InlineData(Smb2CreateDisposition.OpenIf, Smb2CreateAction.Created, Smb2CreateAction.Opened)]
    [InlineData(Smb2CreateDisposition.OverwriteIf, Smb2CreateAction.Created, Smb2CreateAction.Overwritten)]
    public void DispositionsThatCreateAndThenReuse(Smb2CreateDisposition disposition, Smb2CreateAction first, Smb2CreateAction second)
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.Success, f.Create("a.txt", out NtvfsCreateResult r1, disposition: disposition));
        Assert.Equal(first, r1.CreateAction);
        Assert.Equal(NtStatus.Success, f.Write(r1.Handle, 0, "hello", out _));
        f.Close(r1.Handle);

        Assert.Equal(NtStatus.Success, f.Create("a.txt", out NtvfsCreateResult r2, disposition: disposition));
        Assert.Equal(second, r2.CreateAction);
        long expectedSize = second == Smb2CreateAction.Opened ? 5 : 0;
        Assert.Equal(expectedSize, r2.Metadata.EndOfFile);
        Assert.Equal(expectedSize, new FileInfo(f.Local("a.txt")).Length);
        f.Close(r2.Handle);
    }

    [Fact]
    public void OpenAndOverwriteNeedAnExistingFile()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.ObjectNameNotFound, f.Create("missing.txt", out _, disposition: Smb2CreateDisposition.Open));
        Assert.Equal(NtStatus.ObjectNameNotFound, f.Create("missing.txt", out _, disposition: Smb2CreateDisposition.Overwrite));
        Assert.False(File.Exists(f.Local("missing.txt")));

        f.WriteFile("there.txt", "12345");
        Assert.Equal(NtStatus.Success, f.Create("there.txt", out NtvfsCreateResult open, disposition: Smb2CreateDisposition.Open));
        Assert.Equal(Smb2CreateAction.Opened, open.CreateAction);
        Assert.Equal(5, open.Metadata.EndOfFile);
        f.Close(open.Handle);
        Assert.Equal(NtStatus.Success, f.Create("there.txt", out NtvfsCreateResult over, disposition: Smb2CreateDisposition.Overwrite));
        Assert.Equal(Smb2CreateAction.Overwritten, over.CreateAction);
        Assert.Equal(0, over.Metadata.EndOfFile);
        f.Close(over.Handle);
    }

    [Fact]
    public void CreateOfAnExistingNameCollides()
    {
        using var f = new BackendFixture();
        f.WriteFile("x.txt", "x");
        Assert.Equal(NtStatus.ObjectNameCollision, f.Create("x.txt", out _, disposition: Smb2CreateDisposition.Create));
        Assert.Equal(NtStatus.ObjectNameCollision, f.Create("X.TXT", out _, disposition: Smb2CreateDisposition.Create));
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }

    [Fact]
    public void MissingParentIsPathNotFound()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.ObjectPathNotFound, f.Create("nodir\\file.txt", out _));
    }

    [Fact]
    public void NewFileGetsArchiveAndRequestedAttributesAndCreationTime()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.Success, f.Create("h.txt", out NtvfsCreateResult r, attributes: FileAttributes.Hidden));
        Assert.Equal(FileAttributes.Hidden | FileAttributes.Archive, r.Metadata.EffectiveAttributes);
        Assert.True(r.Metadata.CreationTime > 0);
        f.Close(r.Handle);

        Assert.Equal(NtStatus.Success, f.Create("d", out NtvfsCreateResult d, options: Smb2CreateOptions.DirectoryFile,
            access: (uint)AccessMask.FileGenericRead));
        Assert.Equal(FileAttributes.Directory, d.Metadata.EffectiveAttributes);
        Assert.True(d.Metadata.IsDirectory);
        Assert.True(Directory.Exists(f.Local("d")));
        f.Close(d.Handle);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void CreateMaskDecidesTheMode()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.Success, f.Create("m.txt", out NtvfsCreateResult r));
        f.Close(r.Handle);
        // Default create mask 0744 over a requested 0666: 0644.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            File.GetUnixFileMode(f.Local("m.txt")));
    }

    [Fact]
    public void DirectoryAndNonDirectoryOptionsAreChecked()
    {
        using var f = new BackendFixture();
        f.WriteFile("file.txt", "x");
        Directory.CreateDirectory(f.Local("dir"));
        Assert.Equal(NtStatus.NotADirectory, f.Create("file.txt", out _, options: Smb2CreateOptions.DirectoryFile,
            disposition: Smb2CreateDisposition.Open));
        Assert.Equal(NtStatus.FileIsADirectory, f.Create("dir", out _, options: Smb2CreateOptions.NonDirectoryFile,
            disposition: Smb2CreateDisposition.Open));
        Assert.Equal(NtStatus.InvalidParameter, f.Create("dir", out _,
            options: Smb2CreateOptions.DirectoryFile | Smb2CreateOptions.NonDirectoryFile));
        Assert.Equal(NtStatus.InvalidParameter, f.Create("newdir", out _, options: Smb2CreateOptions.DirectoryFile,
            disposition: Smb2CreateDisposition.OverwriteIf));
        Assert.Equal(NtStatus.InvalidParameter, f.Create("dir", out _, disposition: Smb2CreateDisposition.OverwriteIf));

        // Without either option a directory opens as a directory.
        Assert.Equal(NtStatus.Success, f.Create("dir", out NtvfsCreateResult d, access: (uint)AccessMask.FileGenericRead,
            disposition: Smb2CreateDisposition.Open));
        Assert.True(d.Handle.IsDirectory);
        f.Close(d.Handle);
    }

    [Fact]
    public void PathSyntax()
    {
        using var f = new BackendFixture();
        f.WriteFile("file.txt", "x");
        Directory.CreateDirectory(f.Local("dir"));
        // MS-SMB2 3.3.5.9: a leading separator is STATUS_INVALID_PARAMETER.
        Assert.Equal(NtStatus.InvalidParameter, f.Create("\\file.txt", out _));
        // A trailing separator names a directory only.
        Assert.Equal(NtStatus.ObjectNameInvalid, f.Create("file.txt\\", out _, disposition: Smb2CreateDisposition.Open));
        Assert.Equal(NtStatus.ObjectNameInvalid, f.Create("new.txt\\", out _));
        Assert.Equal(NtStatus.Success, f.Create("dir\\", out NtvfsCreateResult d, access: (uint)AccessMask.FileGenericRead,
            disposition: Smb2CreateDisposition.Open));
        f.Close(d.Handle);
        Assert.Equal(NtStatus.ObjectNameInvalid, f.Create("a*b.txt", out _));
        Assert.Equal(NtStatus.ObjectNameInvalid, f.Create("con.txt", out _, disposition: Smb2CreateDisposition.Create));
        Assert.Equal(NtStatus.ObjectPathSyntaxBad, f.Create("..\\outside.txt", out _));
    }

    [Fact]
    public void EmptyPathIsTheShareRoot()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.Success, f.Create("", out NtvfsCreateResult r, access: (uint)AccessMask.FileGenericRead,
            disposition: Smb2CreateDisposition.Open));
        Assert.True(r.Handle.IsDirectory);
        Assert.Equal(Smb2CreateAction.Opened, r.CreateAction);
        Assert.Equal("", r.Handle.Path);
        f.Close(r.Handle);
        Assert.Equal(NtStatus.ObjectNameCollision, f.Create("", out _, disposition: Smb2CreateDisposition.Create,
            options: Smb2CreateOptions.DirectoryFile));
    }

    [Fact]
    public void StreamsOnlyTheDefaultDataStream()
    {
        using var f = new BackendFixture();
        f.WriteFile("s.txt", "abc");
        Assert.Equal(NtStatus.Success, f.Create("s.txt::$DATA", out NtvfsCreateResult r, disposition: Smb2CreateDisposition.Open));
        Assert.Equal(3, r.Metadata.EndOfFile);
        f.Close(r.Handle);
        Assert.Equal(NtStatus.ObjectNameNotFound, f.Create("s.txt:named", out _));
        Assert.Equal(NtStatus.ObjectNameNotFound, f.Create("s.txt:named:$DATA", out _));
        Assert.Equal(NtStatus.ObjectNameInvalid, f.Create("s.txt:named:$BOGUS", out _));
        Assert.Equal(NtStatus.ObjectNameInvalid, f.Create("dir:x\\s.txt", out _));
    }

    [Fact]
    public void ReadOnlyShareRefusesEveryModification()
    {
        using var f = new BackendFixture(readOnly: true);
        f.WriteFile("r.txt", "data");
        Assert.Equal(NtStatus.AccessDenied, f.Create("r.txt", out _, access: (uint)AccessMask.FileWriteData));
        Assert.Equal(NtStatus.AccessDenied, f.Create("r.txt", out _, access: (uint)AccessMask.Delete));
        Assert.Equal(NtStatus.AccessDenied, f.Create("r.txt", out _, access: (uint)AccessMask.FileWriteAttributes));
        Assert.Equal(NtStatus.AccessDenied, f.Create("r.txt", out _, access: (uint)AccessMask.FileGenericRead,
            disposition: Smb2CreateDisposition.OverwriteIf));
        Assert.Equal(NtStatus.AccessDenied, f.Create("new.txt", out _, access: (uint)AccessMask.FileGenericRead));
        Assert.False(File.Exists(f.Local("new.txt")));

        Assert.Equal(NtStatus.Success, f.Create("r.txt", out NtvfsCreateResult r, access: (uint)AccessMask.MaximumAllowed,
            disposition: Smb2CreateDisposition.Open));
        Assert.Equal((uint)AccessRights.ReadOnlyShareAccess, r.MaximalAccess);
        Assert.Equal((uint)AccessRights.ReadOnlyShareAccess, r.Handle.GrantedAccess);
        Assert.Equal(NtStatus.AccessDenied, f.Write(r.Handle, 0, "x", out _));
        f.Close(r.Handle);
    }

    [Fact]
    public void MaximalAccessOnAWritableShareIsFullAccess()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.Success, f.Create("m.txt", out NtvfsCreateResult r, access: (uint)AccessMask.MaximumAllowed));
        Assert.Equal((uint)AccessMask.FileAllAccess, r.MaximalAccess);
        Assert.Equal((uint)AccessMask.FileAllAccess, r.Handle.GrantedAccess);
        f.Close(r.Handle);
    }

    [Fact]
    public void GenericRightsAreMapped()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.Success, f.Create("g.txt", out NtvfsCreateResult r, access: (uint)AccessMask.GenericRead));
        Assert.Equal((uint)AccessMask.FileGenericRead, r.Handle.GrantedAccess);
        Assert.Equal(NtStatus.AccessDenied, f.Write(r.Handle, 0, "x", out _));
        f.Close(r.Handle);
        Assert.Equal(NtStatus.PrivilegeNotHeld, f.Create("g.txt", out _, access: (uint)AccessMask.AccessSystemSecurity));
    }

    [Fact]
    public void ReadOnlyAttributeRefusesOverwriteAndWrite()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.Success, f.Create("ro.txt", out NtvfsCreateResult r, attributes: FileAttributes.ReadOnly));
        Assert.Equal(NtStatus.Success, f.Write(r.Handle, 0, "keep me", out _)); // the creating open keeps its access
        f.Close(r.Handle);

        // CVE-2023-4091: an overwrite must not truncate a read-only file.
        Assert.Equal(NtStatus.AccessDenied, f.Create("ro.txt", out _, disposition: Smb2CreateDisposition.OverwriteIf));
        Assert.Equal(NtStatus.AccessDenied, f.Create("ro.txt", out _, disposition: Smb2CreateDisposition.Overwrite));
        Assert.Equal(NtStatus.AccessDenied, f.Create("ro.txt", out _, disposition: Smb2CreateDisposition.Supersede));
        Assert.Equal(7, new FileInfo(f.Local("ro.txt")).Length);
        Assert.Equal(NtStatus.AccessDenied, f.Create("ro.txt", out _, access: (uint)AccessMask.FileWriteData,
            disposition: Smb2CreateDisposition.Open));
        Assert.Equal(NtStatus.CannotDelete, f.Create("ro.txt", out _, access: (uint)(AccessMask.Delete | AccessMask.FileReadData),
            disposition: Smb2CreateDisposition.Open, options: Smb2CreateOptions.DeleteOnClose));

        Assert.Equal(NtStatus.Success, f.Create("ro.txt", out NtvfsCreateResult max, access: (uint)AccessMask.MaximumAllowed,
            disposition: Smb2CreateDisposition.Open));
        Assert.Equal(0u, max.MaximalAccess & (uint)(AccessMask.FileWriteData | AccessMask.FileAppendData));
        f.Close(max.Handle);
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }

    [Fact]
    public void OverwriteOfHiddenFileNeedsHiddenInTheRequest()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.Success, f.Create("h.txt", out NtvfsCreateResult r, attributes: FileAttributes.Hidden));
        f.Close(r.Handle);
        Assert.Equal(NtStatus.AccessDenied, f.Create("h.txt", out _, disposition: Smb2CreateDisposition.OverwriteIf));
        Assert.Equal(NtStatus.Success, f.Create("h.txt", out NtvfsCreateResult ok, disposition: Smb2CreateDisposition.OverwriteIf,
            attributes: FileAttributes.Hidden));
        Assert.Equal(FileAttributes.Hidden | FileAttributes.Archive, ok.Metadata.EffectiveAttributes);
        f.Close(ok.Handle);

        // Hidden only by `hide dot files`: an overwrite needs no HIDDEN.
        f.WriteFile(".profile", "old");
        Assert.Equal(NtStatus.Success, f.Create(".profile", out NtvfsCreateResult dot, disposition: Smb2CreateDisposition.OverwriteIf));
        Assert.Equal(Smb2CreateAction.Overwritten, dot.CreateAction);
        f.Close(dot.Handle);
    }

    [Fact]
    public void ShareModesConflictBetweenHandles()
    {
        using var f = new BackendFixture();
        NtvfsHandle first = f.Open("s.txt", BackendFixture.ReadWrite, share: Smb2ShareAccess.Read);
        // Another writer is refused: the first open shares read only.
        Assert.Equal(NtStatus.SharingViolation, f.Create("s.txt", out _, access: (uint)AccessMask.FileWriteData));
        // A reader that does not share write is refused: the first open writes.
        Assert.Equal(NtStatus.SharingViolation, f.Create("s.txt", out _, access: (uint)AccessMask.FileReadData,
            share: Smb2ShareAccess.Read));
        // A reader sharing read and write is fine.
        NtvfsHandle reader = f.Open("s.txt", (uint)AccessMask.FileReadData,
            share: Smb2ShareAccess.Read | Smb2ShareAccess.Write);
        // Attribute-only opens never conflict.
        NtvfsHandle attributes = f.Open("s.txt", (uint)AccessMask.FileReadAttributes, share: 0);
        // Delete is refused: nobody shares delete.
        Assert.Equal(NtStatus.SharingViolation, f.Create("s.txt", out _, access: (uint)AccessMask.Delete));
        f.Close(attributes);
        f.Close(reader);
        f.Close(first);
        NtvfsHandle after = f.Open("s.txt", BackendFixture.ReadWrite, share: 0);
        f.Close(after);
        Assert.Equal(0, f.Backend.ShareModes.FileCount);
    }

    [Fact]
    public void DeleteOnCloseRemovesTheFileWithTheLastHandle()
    {
        using var f = new BackendFixture();
        Assert.Equal(NtStatus.AccessDenied, f.Create("d.txt", out _, options: Smb2CreateOptions.DeleteOnClose));
        NtvfsHandle h = f.Open("d.txt", BackendFixture.ReadWrite | (uint)AccessMask.Delete, options: Smb2CreateOptions.DeleteOnClose);
        NtvfsHandle other = f.Open("d.txt", (uint)AccessMask.FileReadData);
        f.Close(h);
        Assert.True(File.Exists(f.Local("d.txt")));
        // Delete pending: new opens are refused.
        Assert.Equal(NtStatus.DeletePending, f.Create("d.txt", out _, access: (uint)AccessMask.FileReadData));
        f.Close(other);
        Assert.False(File.Exists(f.Local("d.txt")));
        Assert.Equal(0, f.Backend.ShareModes.FileCount);
    }

    [Fact]
    public void DeleteOnCloseOfDirectories()
    {
        using var f = new BackendFixture();
        uint access = (uint)(AccessMask.FileGenericRead | AccessMask.Delete);
        NtvfsHandle empty = f.Open("empty", access, options: Smb2CreateOptions.DirectoryFile | Smb2CreateOptions.DeleteOnClose);
        f.Close(empty);
        Assert.False(Directory.Exists(f.Local("empty")));

        f.WriteFile("full\\inside.txt", "x");
        NtvfsHandle full = f.Open("full", access, Smb2CreateDisposition.Open,
            Smb2CreateOptions.DirectoryFile | Smb2CreateOptions.DeleteOnClose);
        f.Close(full);
        Assert.True(File.Exists(f.Local("full/inside.txt")));
    }

    [Fact]
    public void OpenLimitPerSession()
    {
        using var f = new BackendFixture(maxOpens: 2);
        NtvfsHandle a = f.Open("a.txt");
        NtvfsHandle b = f.Open("b.txt");
        Assert.Equal(NtStatus.TooManyOpenedFiles, f.Create("c.txt", out _));
        f.Close(a);
        NtvfsHandle c = f.Open("c.txt");
        f.Close(b);
        f.Close(c);
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }

    [Fact]
    public void VetoedNamesDoNotExist()
    {
        using var f = new BackendFixture(veto: "/*.tmp/");
        f.WriteFile("x.tmp", "x");
        Assert.Equal(NtStatus.ObjectNameNotFound, f.Create("x.tmp", out _, disposition: Smb2CreateDisposition.Open));
    }

    [Fact]
    public void ClosedHandleIsFileClosed()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("c.txt");
        f.Close(h);
        Assert.Equal(NtStatus.FileClosed, f.Close(h, out _));
        Assert.Equal(NtStatus.FileClosed, f.Read(h, 0, 1, out _));
    }

    [Fact]
    public void CloseWithPostQueryReturnsAttributes()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("p.txt");
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "12345678", out _));
        Assert.Equal(NtStatus.Success, f.Close(h, out NtvfsCloseResult result, postQuery: true));
        Assert.True(result.HasMetadata);
        Assert.Equal(8, result.Metadata.EndOfFile);
        Assert.Equal(FileAttributes.Archive, result.Metadata.EffectiveAttributes);
    }

    [Fact]
    public void CaseInsensitiveOpenFindsTheFile()
    {
        using var f = new BackendFixture();
        f.WriteFile("Mixed.TXT", "abc");
        Assert.Equal(NtStatus.Success, f.Create("mixed.txt", out NtvfsCreateResult r, disposition: Smb2CreateDisposition.Open));
        Assert.Equal(3, r.Metadata.EndOfFile);
        f.Close(r.Handle);
        Assert.Equal(["Mixed.TXT"], Directory.GetFiles(f.Root).Select(Path.GetFileName));
    }
}
