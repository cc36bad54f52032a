using System.Buffers.Binary;
using System.Text;
using Protocol;
using Protocol.Fscc;
using TEvent;
using FileAttributes = Protocol.Fscc.FileAttributes;
using PosixNtvfsBackend = Ntvfs.Posix.Backend.PosixBackend;

namespace Ntvfs.Tests.PosixBackend;

public class NotifyTests
{
    private const CompletionFilter Names = CompletionFilter.FileName | CompletionFilter.DirName;

    private static TeventReq Notify(BackendFixture f, NtvfsHandle dir, CompletionFilter filter = Names, bool tree = false,
        int outputLength = 4096)
        => f.Backend.NotifySend(f.Request, dir, new NtvfsNotifyArgs(filter, tree, outputLength));

    /// <summary>Runs the loop until the watch is in place (the first request counts as pending then).</summary>
    private static void WaitRegistered(BackendFixture f, int pending = 1)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (f.Backend.PendingNotifyCount < pending)
        {
            Assert.True(DateTime.UtcNow < deadline, "the watch was not registered");
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        }
    }

    private static NtStatus Collect(BackendFixture f, TeventReq req, out List<(FileAction Action, string Name)> changes)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!req.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "no notification arrived");
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        }
        NtStatus status = NtvfsOp.Recv(req, out NtvfsInfoResult result);
        changes = Parse(result.Buffer is null ? [] : result.Buffer.AsSpan(0, result.Length).ToArray());
        return status;
    }

    private static List<(FileAction, string)> Parse(byte[] data)
    {
        var list = new List<(FileAction, string)>();
        int pos = 0;
        while (data.Length > 0)
        {
            int next = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos));
            var action = (FileAction)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos + 4));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos + 8));
            list.Add((action, Encoding.Unicode.GetString(data, pos + 12, length)));
            if (next == 0)
                break;
            pos += next;
        }
        return list;
    }

    /// <summary>Collects requests until <paramref name="count"/> changes have been reported (inotify may split them).</summary>
    private static List<(FileAction Action, string Name)> CollectAtLeast(BackendFixture f, NtvfsHandle dir, TeventReq first, int count,
        CompletionFilter filter = Names, bool tree = false)
    {
        var all = new List<(FileAction, string)>();
        TeventReq req = first;
        while (true)
        {
            Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
            all.AddRange(changes);
            if (all.Count >= count)
                return all;
            req = Notify(f, dir, filter, tree);
        }
    }

    [Fact]
    public void CreateRenameDelete()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir);
        WaitRegistered(f);
        File.WriteAllText(f.Local("new.txt"), "x");
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Added, "new.txt")], changes);

        req = Notify(f, dir);
        File.Move(f.Local("new.txt"), f.Local("renamed.txt"));
        var renamed = CollectAtLeast(f, dir, req, 2);
        Assert.Equal([(FileAction.RenamedOldName, "new.txt"), (FileAction.RenamedNewName, "renamed.txt")], renamed);

        req = Notify(f, dir);
        File.Delete(f.Local("renamed.txt"));
        Assert.Equal(NtStatus.Success, Collect(f, req, out changes));
        Assert.Equal([(FileAction.Removed, "renamed.txt")], changes);
        f.Close(dir);
        Assert.Equal(0, f.Backend.PendingNotifyCount);
    }

    [Fact]
    public void ChangesMadeThroughTheBackendAreReported()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir, CompletionFilter.FileName | CompletionFilter.LastWrite | CompletionFilter.Size);
        WaitRegistered(f);
        NtvfsHandle file = f.Open("made.txt");
        var added = CollectAtLeast(f, dir, req, 1, CompletionFilter.FileName | CompletionFilter.LastWrite | CompletionFilter.Size);
        Assert.Contains((FileAction.Added, "made.txt"), added);
        req = Notify(f, dir, CompletionFilter.FileName | CompletionFilter.LastWrite | CompletionFilter.Size);
        Assert.Equal(NtStatus.Success, f.Write(file, 0, "data", out _));
        Assert.Equal(NtStatus.Success, Collect(f, req, out var modified));
        Assert.Contains((FileAction.Modified, "made.txt"), modified);
        f.Close(file);
        f.Close(dir);
    }

    [Fact]
    public void FilterSelectsChanges()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir, CompletionFilter.DirName);
        WaitRegistered(f);
        File.WriteAllText(f.Local("file.txt"), "not reported");
        Directory.CreateDirectory(f.Local("subdir"));
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Added, "subdir")], changes);
        f.Close(dir);
    }

    [Fact]
    public void TreeWatchSeesSubdirectoriesOldAndNew()
    {
        using var f = new BackendFixture();
        Directory.CreateDirectory(f.Local("a/b"));
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir, tree: true);
        WaitRegistered(f);
        File.WriteAllText(f.Local("a/b/deep.txt"), "x");
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Added, "a\\b\\deep.txt")], changes);

        req = Notify(f, dir, tree: true);
        Directory.CreateDirectory(f.Local("fresh"));
        var created = CollectAtLeast(f, dir, req, 1, tree: true);
        Assert.Equal([(FileAction.Added, "fresh")], created);
        // The new directory is watched too.
        req = Notify(f, dir, tree: true);
        File.WriteAllText(f.Local("fresh/inside.txt"), "x");
        Assert.Equal(NtStatus.Success, Collect(f, req, out changes));
        Assert.Equal([(FileAction.Added, "fresh\\inside.txt")], changes);

        // A renamed subdirectory reports under its new name.
        req = Notify(f, dir, tree: true);
        Directory.Move(f.Local("fresh"), f.Local("moved"));
        CollectAtLeast(f, dir, req, 2, tree: true);
        req = Notify(f, dir, tree: true);
        File.WriteAllText(f.Local("moved/after.txt"), "x");
        Assert.Equal(NtStatus.Success, Collect(f, req, out changes));
        Assert.Equal([(FileAction.Added, "moved\\after.txt")], changes);
        Assert.Equal(4, f.Backend.WatchedDirectoryCount); // root, a, a\b, moved
        f.Close(dir);
        Assert.Equal(0, f.Backend.WatchedDirectoryCount);
    }

    [Fact]
    public void WithoutTreeSubdirectoriesAreNotWatched()
    {
        using var f = new BackendFixture();
        Directory.CreateDirectory(f.Local("sub"));
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir);
        WaitRegistered(f);
        File.WriteAllText(f.Local("sub/inner.txt"), "x");
        File.WriteAllText(f.Local("top.txt"), "x");
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Added, "top.txt")], changes);
        f.Close(dir);
    }

    [Fact]
    public void ChangesAreBufferedBetweenRequests()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir);
        WaitRegistered(f);
        File.WriteAllText(f.Local("one.txt"), "x");
        Assert.Equal(NtStatus.Success, Collect(f, req, out _));
        // No request waits while these happen.
        File.WriteAllText(f.Local("two.txt"), "x");
        File.WriteAllText(f.Local("three.txt"), "x");
        for (int i = 0; i < 10; i++)
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        var all = CollectAtLeast(f, dir, Notify(f, dir), 2);
        Assert.Equal([(FileAction.Added, "two.txt"), (FileAction.Added, "three.txt")], all);
        f.Close(dir);
    }

    [Fact]
    public void TooSmallBufferIsEnumDir()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir, outputLength: 16);
        WaitRegistered(f);
        File.WriteAllText(f.Local("a-name-longer-than-the-buffer.txt"), "x");
        Assert.Equal(NtStatus.NotifyEnumDir, Collect(f, req, out var changes));
        Assert.Empty(changes);
        f.Close(dir);
    }

    [Fact]
    public void CancelAndCloseEndWaitingRequests()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir);
        WaitRegistered(f);
        Assert.True(req.Cancel());
        Assert.Equal(NtStatus.Cancelled, Collect(f, req, out _));
        Assert.Equal(0, f.Backend.PendingNotifyCount);

        req = Notify(f, dir);
        WaitRegistered(f);
        f.Close(dir);
        Assert.Equal(NtStatus.NotifyCleanup, Collect(f, req, out _));
        Assert.Equal(0, f.Backend.PendingNotifyCount);
        Assert.Equal(0, f.Backend.OpenHandleCount);
    }

    [Fact]
    public void NotifyNeedsADirectoryWithListAccess()
    {
        using var f = new BackendFixture();
        NtvfsHandle file = f.Open("f.txt");
        Assert.Equal(NtStatus.InvalidParameter, f.Run(Notify(f, file), out NtvfsInfoResult _));
        f.Close(file);
        NtvfsHandle noList = f.Open("", (uint)Protocol.Security.AccessMask.FileReadAttributes, Protocol.Smb2.Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.AccessDenied, f.Run(Notify(f, noList), out NtvfsInfoResult _));
        f.Close(noList);
    }

    [Fact]
    public void ChangeThroughTheBackendCompletesAWaitingTreeWatchAfterACancelledFirstRequest()
    {
        // smbtorture smb2.notify.tcon: the first request is cancelled at once, the second one waits,
        // and a directory made through the backend must answer it without waiting for inotify.
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("base", BackendFixture.All);
        TeventReq first = Notify(f, dir, tree: true, outputLength: 1000);
        Assert.True(first.Cancel());
        Assert.Equal(NtStatus.Cancelled, Collect(f, first, out _));
        TeventReq req = Notify(f, dir, tree: true, outputLength: 1000);
        NtvfsHandle sub = f.OpenDirectory("base\\subdir-name", BackendFixture.All, Protocol.Smb2.Smb2CreateDisposition.Create);
        f.Close(sub);
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Added, "subdir-name")], changes);
        f.Close(dir);
    }

    /// <summary>Runs the loop past the hold time of inotify changes, so any echo would have been reported.</summary>
    private static void Settle(BackendFixture f)
    {
        DateTime until = DateTime.UtcNow + Ntvfs.Posix.Backend.NotifyWatch.HoldTime + TimeSpan.FromMilliseconds(250);
        while (DateTime.UtcNow < until)
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
    }

    /// <summary>Asserts that a new request on <paramref name="dir"/> finds nothing buffered (it keeps waiting), then cancels it.</summary>
    private static void AssertNothingMore(BackendFixture f, NtvfsHandle dir, CompletionFilter filter = Names)
    {
        Settle(f);
        TeventReq more = Notify(f, dir, filter);
        f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.False(more.IsCompleted, "an inotify echo of a change already reported was reported again");
        Assert.True(more.Cancel());
        Assert.Equal(NtStatus.Cancelled, Collect(f, more, out _));
    }

    [Fact]
    public void ADirectReportLaterThanItsReleasedInotifyCopyIsNotReportedAgain()
    {
        // Under load the step back on the loop of a create can come after its inotify copy waited out
        // the hold and was reported: the late direct report is then the duplicate (smb2.notify.dir
        // counted 10 changes for 9).
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir);
        WaitRegistered(f);
        File.WriteAllText(f.Local("late.txt"), "x");
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Added, "late.txt")], changes);
        string shareKey = ((Ntvfs.Posix.Backend.PosixHandle)dir).Share.Key;
        f.Backend.Notifications.Report(shareKey, "late.txt", FileAction.Added, CompletionFilter.FileName);
        AssertNothingMore(f, dir);
        f.Close(dir);
    }

    [Fact]
    public void ABackendCreateIsReportedOnceAndAtOnce()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir);
        WaitRegistered(f);
        NtvfsHandle file = f.Open("made.txt");
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Added, "made.txt")], changes);
        f.Close(file);
        AssertNothingMore(f, dir);
        f.Close(dir);
    }

    [Fact]
    public void ABackendRenameAndDeleteAreReportedOnce()
    {
        using var f = new BackendFixture();
        f.WriteFile("old.txt", "x");
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir);
        WaitRegistered(f);
        NtvfsHandle file = f.Open("old.txt", BackendFixture.All);
        Assert.Equal(NtStatus.Success, f.Rename(file, "new.txt"));
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.RenamedOldName, "old.txt"), (FileAction.RenamedNewName, "new.txt")], changes);
        AssertNothingMore(f, dir);

        req = Notify(f, dir);
        Assert.Equal(NtStatus.Success, f.SetDisposition(file, true));
        f.Close(file);
        Assert.Equal(NtStatus.Success, Collect(f, req, out changes));
        Assert.Equal([(FileAction.Removed, "new.txt")], changes);
        AssertNothingMore(f, dir);
        f.Close(dir);
    }

    [Fact]
    public void ARenameAcrossDirectoriesIsRemovedAndAddedForATreeWatch()
    {
        using var f = new BackendFixture();
        f.WriteFile("sub/file.txt", "x");
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir, tree: true);
        WaitRegistered(f);
        NtvfsHandle file = f.Open("sub\\file.txt", BackendFixture.All);
        Assert.Equal(NtStatus.Success, f.Rename(file, "moved.txt"));
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Removed, "sub\\file.txt"), (FileAction.Added, "moved.txt")], changes);
        f.Close(file);
        f.Close(dir);
    }

    [Fact]
    public void SetBasicReportsTheBitsItChangesAndARenamedFileReportsAttributesAtClose()
    {
        using var f = new BackendFixture();
        f.WriteFile("file.txt", "x");
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir, CompletionFilter.Attributes);
        WaitRegistered(f);
        NtvfsHandle file = f.Open("file.txt", BackendFixture.All);
        var basic = new byte[40];
        BinaryPrimitives.WriteUInt32LittleEndian(basic.AsSpan(32), (uint)FileAttributes.Hidden);
        Assert.Equal(NtStatus.Success, f.SetFile(file, FileInformationClass.FileBasicInformation, basic));
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Modified, "file.txt")], changes);
        AssertNothingMore(f, dir, CompletionFilter.Attributes);

        // A write time alone is LAST_WRITE, not ATTRIBUTES.
        req = Notify(f, dir);
        Assert.Equal(CompletionFilter.LastWrite, PosixNtvfsBackend.BasicChangeFilter(
            new FileBasicInformation(0, 0, 1000, 0, FileBasicInformation.AttributesUnchanged)));

        Assert.Equal(NtStatus.Success, f.Rename(file, "renamed.txt"));
        f.Close(file);
        Assert.Equal(NtStatus.Success, Collect(f, req, out changes));
        Assert.Contains((FileAction.Modified, "renamed.txt"), changes);
        f.Close(dir);
    }

    [Fact]
    public void TheFirstRequestsBufferSizeBoundsWhatIsKept()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        TeventReq req = Notify(f, dir, outputLength: 1);
        WaitRegistered(f);
        f.Close(f.Open("a.txt"));
        Assert.Equal(NtStatus.NotifyEnumDir, Collect(f, req, out _));
        f.Close(f.Open("b.txt"));
        // Kept changes overflowed the first request's 1 byte: a large buffer now still gets NOTIFY_ENUM_DIR.
        Assert.Equal(NtStatus.NotifyEnumDir, Collect(f, Notify(f, dir, outputLength: 65536), out var changes));
        Assert.Empty(changes);
        f.Close(dir);
    }

    [Fact]
    public void ADirectoryMadeDeletePendingEndsItsWaitingRequests()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("gone", BackendFixture.All);
        TeventReq req = Notify(f, dir);
        WaitRegistered(f);
        NtvfsHandle other = f.Open("gone", BackendFixture.All, Protocol.Smb2.Smb2CreateDisposition.Open,
            Protocol.Smb2.Smb2CreateOptions.DirectoryFile);
        Assert.Equal(NtStatus.Success, f.SetDisposition(other, true));
        f.Close(other);
        Assert.Equal(NtStatus.DeletePending, Collect(f, req, out _));
        f.Close(dir);
        Assert.False(Directory.Exists(f.Local("gone")));
    }

    [Fact]
    public void AWatchOnADirectoryAlreadyDeletePendingEndsAtOnce()
    {
        // smb2.notify.rmdir4: the delete-on-close open on another connection may close before the
        // CHANGE_NOTIFY arrives; the request must not wait for a change that never comes.
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("gone", BackendFixture.All);
        NtvfsHandle other = f.Open("gone", BackendFixture.All, Protocol.Smb2.Smb2CreateDisposition.Open,
            Protocol.Smb2.Smb2CreateOptions.DirectoryFile | Protocol.Smb2.Smb2CreateOptions.DeleteOnClose);
        f.Close(other);
        Assert.Equal(NtStatus.DeletePending, Collect(f, Notify(f, dir), out _));
        Assert.Equal(NtStatus.DeletePending, Collect(f, Notify(f, dir), out _));
        f.Close(dir);
    }

    /// <summary>
    /// A watch that only the backend's own reports reach: registered with the share's
    /// <see cref="Ntvfs.Posix.Backend.NotifyRegistry"/> but with no kernel watch, so anything it
    /// sees came without inotify; <see cref="Ntvfs.Posix.Backend.NotifyWatch.Post"/> plays inotify.
    /// </summary>
    private static Ntvfs.Posix.Backend.NotifyWatch DirectOnlyWatch(BackendFixture f, NtvfsHandle dir, CompletionFilter filter)
    {
        var handle = (Ntvfs.Posix.Backend.PosixHandle)dir;
        var watch = new Ntvfs.Posix.Backend.NotifyWatch(f.Backend, f.Ev, filter, false, Ntvfs.Posix.VetoFiles.None, 4096, handle);
        f.Backend.Notifications.Add(handle.Share.Key, watch);
        watch.Registered(NtStatus.Success);
        return watch;
    }

    private static void EndDirectOnlyWatch(BackendFixture f, NtvfsHandle dir, Ntvfs.Posix.Backend.NotifyWatch watch)
    {
        f.Backend.Notifications.Remove(((Ntvfs.Posix.Backend.PosixHandle)dir).Share.Key, watch);
        watch.Close();
    }

    /// <summary>What inotify reports for a write to <paramref name="name"/> (IN_MODIFY).</summary>
    private static void PostInotifyModify(Ntvfs.Posix.Backend.NotifyWatch watch, string name)
        => watch.Post(Ntvfs.Posix.Backend.NotifyMapping.Convert([new Ntvfs.Posix.Backend.RawChange(Ntvfs.Posix.Native.Libc.IN_MODIFY, 0, name)]),
            false);

    /// <summary>Past the hold time, a new request on <paramref name="watch"/> still waits: nothing more was reported.</summary>
    private static void AssertNothingMore(BackendFixture f, Ntvfs.Posix.Backend.NotifyWatch watch)
    {
        Settle(f);
        TeventReq more = watch.Wait(4096);
        f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.False(more.IsCompleted, "a change already reported was reported again");
        Assert.True(more.Cancel());
        Assert.Equal(NtStatus.Cancelled, Collect(f, more, out _));
    }

    [Fact]
    public void WriteTruncateAndOverwriteThroughTheBackendAreReportedWithoutInotify()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        NtvfsHandle file = f.Open("data.txt");
        Assert.True(f.Backend.Notifications.IsEmpty);
        var watch = DirectOnlyWatch(f, dir, CompletionFilter.Size | CompletionFilter.LastWrite);
        Assert.False(f.Backend.Notifications.IsEmpty);

        TeventReq req = watch.Wait(4096);
        Assert.Equal(NtStatus.Success, f.Write(file, 0, "data", out _));
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Modified, "data.txt")], changes);

        // A write of nothing changes nothing.
        req = watch.Wait(4096);
        Assert.Equal(NtStatus.Success, f.Write(file, 0, Array.Empty<byte>(), out _));
        f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.False(req.IsCompleted);

        var endOfFile = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(endOfFile, 1);
        Assert.Equal(NtStatus.Success, f.SetFile(file, FileInformationClass.FileEndOfFileInformation, endOfFile));
        Assert.Equal(NtStatus.Success, Collect(f, req, out changes));
        Assert.Equal([(FileAction.Modified, "data.txt")], changes);

        req = watch.Wait(4096);
        NtvfsHandle overwritten = f.Open("data.txt", disposition: Protocol.Smb2.Smb2CreateDisposition.OverwriteIf);
        Assert.Equal(NtStatus.Success, Collect(f, req, out changes));
        Assert.Equal([(FileAction.Modified, "data.txt")], changes);

        f.Close(overwritten);
        f.Close(file);
        EndDirectOnlyWatch(f, dir, watch);
        Assert.True(f.Backend.Notifications.IsEmpty);
        f.Close(dir);
    }

    [Fact]
    public void TheInotifyCopyOfABackendWriteIsReportedOnceWhicheverArrivesFirst()
    {
        using var f = new BackendFixture();
        NtvfsHandle dir = f.OpenDirectory("");
        NtvfsHandle file = f.Open("data.txt");
        var watch = DirectOnlyWatch(f, dir, CompletionFilter.Size | CompletionFilter.LastWrite);

        // The direct report first, its echo after: the echo is dropped.
        TeventReq req = watch.Wait(4096);
        Assert.Equal(NtStatus.Success, f.Write(file, 0, "data", out _));
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Modified, "data.txt")], changes);
        PostInotifyModify(watch, "data.txt");
        PostInotifyModify(watch, "data.txt");
        AssertNothingMore(f, watch);

        // Past the echo window, inotify first (held), then the direct report: reported once, at once.
        DateTime until = DateTime.UtcNow + Ntvfs.Posix.Backend.NotifyWatch.EchoWindow;
        while (DateTime.UtcNow < until)
            f.Ev.LoopOnce(TimeSpan.FromMilliseconds(50));
        req = watch.Wait(4096);
        PostInotifyModify(watch, "data.txt");
        f.Ev.LoopOnce(TimeSpan.FromMilliseconds(20));
        Assert.False(req.IsCompleted, "an inotify modification was reported without its hold");
        Assert.Equal(NtStatus.Success, f.Write(file, 4, "more", out _));
        Assert.Equal(NtStatus.Success, Collect(f, req, out changes));
        Assert.Equal([(FileAction.Modified, "data.txt")], changes);
        AssertNothingMore(f, watch);

        // A modification no direct report explains (made outside SMB) is reported after the hold.
        req = watch.Wait(4096);
        PostInotifyModify(watch, "other.txt");
        Assert.Equal(NtStatus.Success, Collect(f, req, out changes));
        Assert.Equal([(FileAction.Modified, "other.txt")], changes);

        f.Close(file);
        EndDirectOnlyWatch(f, dir, watch);
        f.Close(dir);
    }

    [Fact]
    public void ABackendWriteIsReportedOnceWithInotifyRunning()
    {
        using var f = new BackendFixture();
        NtvfsHandle file = f.Open("data.txt");
        NtvfsHandle dir = f.OpenDirectory("");
        const CompletionFilter data = CompletionFilter.Size | CompletionFilter.LastWrite;
        TeventReq req = Notify(f, dir, data);
        WaitRegistered(f);
        Assert.Equal(NtStatus.Success, f.Write(file, 0, "data", out _));
        Assert.Equal(NtStatus.Success, Collect(f, req, out var changes));
        Assert.Equal([(FileAction.Modified, "data.txt")], changes);
        AssertNothingMore(f, dir, data);
        f.Close(file);
        f.Close(dir);
    }

    [Theory]
    [InlineData("", false, "a.txt", "a.txt")]
    [InlineData("", false, "d/a.txt", null)]
    [InlineData("", true, "d/a.txt", "d\\a.txt")]
    [InlineData("d", false, "d/a.txt", "a.txt")]
    [InlineData("d", false, "d", null)]
    [InlineData("d", true, "dd/a.txt", null)]
    [InlineData("d", true, "d/e/a.txt", "e\\a.txt")]
    public void RelativeNameIsWhatAWatchSees(string directory, bool tree, string diskPath, string? expected)
        => Assert.Equal(expected, Ntvfs.Posix.Backend.NotifyRegistry.RelativeName(directory, tree, diskPath));
}
