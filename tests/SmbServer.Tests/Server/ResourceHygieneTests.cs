using System.Diagnostics;
using Protocol;
using Protocol.Crypto;
using Protocol.Smb2;

namespace SmbServer.Tests.Server;

/// <summary>
/// Whatever a client leaves behind when it goes (an abrupt TCP reset, a LOGOFF, a TREE_DISCONNECT
/// in the middle of a compound) the server lets go of: SMB opens, backend handles, byte-range
/// locks, waiting CHANGE_NOTIFYs and inotify watches all return to where they were, within a few
/// seconds, while WRITEs of 1 MiB are still in flight. The real server runs in-process on loopback
/// and is driven by <see cref="Smb2TestSession"/> (SMB 2.1, NTLMv2, unsigned requests).
/// </summary>
public sealed class ResourceHygieneTests : IDisposable
{
    private const string User = "alice";
    private const string Password = "Secret1!";
    private const int WriteSize = 1 << 20;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private readonly TestServer _server = new();

    public ResourceHygieneTests()
    {
        var hash = Convert.ToHexString(NtHash.Compute(Password));
        File.WriteAllText(Path.Combine(_server.Dir, "smbpasswd"),
            $"{User}:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:{hash}:[U          ]:LCT-65000000:\n");
        Directory.CreateDirectory(Path.Combine(_server.Dir, "share", "watched"));
    }

    public void Dispose() => _server.Dispose();

    /// <summary>What a client can hold on the server, as the server counts it.</summary>
    private readonly record struct Held(int Connections, long SmbOpens, int BackendHandles, int Locks, int PendingNotifies, int WatchedDirectories);

    private Held Now()
    {
        var posix = _server.Context.Backends.Posix;
        return new Held(_server.Context.Connections, _server.Context.OpenFiles, posix.OpenHandleCount, posix.LockCount,
            posix.PendingNotifyCount, posix.WatchedDirectoryCount);
    }

    /// <summary>Polls (no fixed sleep) until the server holds exactly <paramref name="expected"/>, or fails at the deadline.</summary>
    private void AssertReturnsTo(Held expected, string after)
    {
        var clock = Stopwatch.StartNew();
        Held now;
        while ((now = Now()) != expected && clock.Elapsed < Settle)
            Thread.Sleep(10);
        Assert.True(now == expected, $"{Settle.TotalSeconds} s after {after} the server still holds {now}; before the test it held {expected}");
    }

    /// <summary>
    /// A session that holds something of every kind: four files open (three of them locked, five
    /// ranges), a directory open with a CHANGE_NOTIFY waiting on it (interim STATUS_PENDING seen),
    /// and a fifth file being written.
    /// </summary>
    private (Smb2TestSession Session, Smb2FileId BigFile, ulong NotifyId) BusySession(Held baseline)
    {
        var s = Smb2TestSession.Open(_server, User, Password, "share");
        var files = Enumerable.Range(0, 4).Select(i => s.Create($"held{i}.txt")).ToList();
        s.Lock(files[0], 0, 100);
        s.Lock(files[0], 200, 100);
        s.Lock(files[1], 0, ulong.MaxValue);
        s.Lock(files[2], 4096, 1);
        s.Lock(files[2], 1UL << 40, 1UL << 20);
        var directory = s.Create("watched", directory: true);
        var notify = s.StartNotify(directory, watchTree: true);
        var big = s.Create("big.bin");

        var holding = Now();
        Assert.True(holding == baseline with
        {
            Connections = baseline.Connections + 1,
            SmbOpens = baseline.SmbOpens + 6,
            BackendHandles = baseline.BackendHandles + 6,
            Locks = baseline.Locks + 5,
            PendingNotifies = baseline.PendingNotifies + 1,
            WatchedDirectories = baseline.WatchedDirectories + 1,
        }, $"the busy session should hold 6 opens, 5 locks, 1 notify, 1 watch; the server counts {holding} (baseline {baseline})");
        return (s, big, notify.Header.MessageId);
    }

    /// <summary>
    /// Starts writing a would-be 100 MiB file in 1 MiB WRITEs: the first is answered (the writes
    /// reach the disk), <paramref name="unanswered"/> more are sent without reading their responses.
    /// </summary>
    private static List<ulong> StartLargeWrite(Smb2TestSession s, Smb2FileId file, int unanswered)
    {
        var ids = new List<ulong>();
        var data = new byte[WriteSize];
        new Random(7).NextBytes(data);
        var first = s.WriteRequest(file, 0, data);
        s.Send(first);
        Assert.Equal(NtStatus.Success, s.Wait(first).Status);
        for (int i = 1; i <= unanswered; i++)
        {
            var write = s.WriteRequest(file, (long)i * WriteSize, data);
            ids.Add(Smb2TestSession.MessageIdOf(write));
            s.Send(write);
        }
        return ids;
    }

    /// <summary>
    /// Every request still outstanding when its session or tree went away gets its final response,
    /// so no client waits for ever: the WRITEs (whatever their status: they may have finished
    /// first) and the CHANGE_NOTIFY, cancelled (as Samba does at LOGOFF and TREE_DISCONNECT) or
    /// ended by the close of its directory (STATUS_NOTIFY_CLEANUP, MS-FSA 2.1.5.4).
    /// </summary>
    private static void AssertAnswered(Smb2TestSession s, IEnumerable<ulong> writes, ulong notify)
    {
        foreach (var id in writes)
            s.Wait(id);
        var status = s.Wait(notify).Status;
        Assert.True(status == NtStatus.Cancelled || status == NtStatus.NotifyCleanup,
            $"the waiting CHANGE_NOTIFY ended with {status}");
    }

    [Fact]
    public void AbruptDisconnectReleasesEverything()
    {
        var baseline = Now();
        var (s, big, _) = BusySession(baseline);
        StartLargeWrite(s, big, unanswered: 9);
        // The 11th WRITE is cut off mid-frame by the reset.
        s.SendTruncated(s.WriteRequest(big, 10L * WriteSize, new byte[WriteSize]), WriteSize / 2);
        s.Abort();

        AssertReturnsTo(baseline, "a TCP reset with 10 MiB of WRITEs in flight");
        s.Dispose();
    }

    [Fact]
    public void AbruptDisconnectOfManyConnectionsAtOnceReleasesEverything()
    {
        var baseline = Now();
        var sessions = new List<Smb2TestSession>();
        for (int i = 0; i < 6; i++)
        {
            var s = Smb2TestSession.Open(_server, User, Password, "share");
            var file = s.Create($"many{i}.bin");
            s.Lock(file, 0, 10);
            var directory = s.Create("watched", directory: true);
            s.StartNotify(directory);
            StartLargeWrite(s, file, unanswered: 3);
            sessions.Add(s);
        }
        Assert.Equal(baseline.Locks + 6, Now().Locks);
        Parallel.ForEach(sessions, s => s.Abort());

        AssertReturnsTo(baseline, "six TCP resets at once");
        sessions.ForEach(s => s.Dispose());
    }

    [Fact]
    public void AbruptDisconnectWithABlockingLockWaitingLeavesNoLockBehind()
    {
        var baseline = Now();
        using var holder = Smb2TestSession.Open(_server, User, Password, "share");
        var held = holder.Create("contended.txt");
        holder.Lock(held, 0, 100);

        var waiter = Smb2TestSession.Open(_server, User, Password, "share");
        var wanted = waiter.Create("contended.txt");
        // No FAIL_IMMEDIATELY: the LOCK waits for the range (MS-SMB2 3.3.5.14), async.
        var blocking = waiter.LockRequest(wanted, 50, 10, Smb2LockFlags.ExclusiveLock);
        waiter.Send(blocking);
        Assert.True(waiter.Wait(blocking, interim: true).IsInterim);
        waiter.Abort();
        AssertReturnsTo(baseline with { Connections = baseline.Connections + 1, SmbOpens = baseline.SmbOpens + 1,
            BackendHandles = baseline.BackendHandles + 1, Locks = baseline.Locks + 1 }, "a TCP reset with a LOCK waiting");

        // The range comes free: nobody may be granted it now, the waiter is gone.
        holder.CallExpecting(NtStatus.Success, holder.LockRequest(held, 0, 100, Smb2LockFlags.Unlock));
        holder.CallExpecting(NtStatus.Success, holder.CloseRequest(held));
        AssertReturnsTo(baseline with { Connections = baseline.Connections + 1 }, "unlocking the contended range");
        waiter.Dispose();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void AbruptDisconnectWithCreatesAndLocksStillInFlightLeavesNothing(int round)
    {
        // The backend may finish a CREATE after the connection is gone: its handle must be
        // released then, not counted as open for ever.
        var baseline = Now();
        var s = Smb2TestSession.Open(_server, User, Password, "share");
        var file = s.Create($"pipelined{round}.bin");
        for (int i = 0; i < 60; i++)
        {
            s.Send(s.CreateRequest($"inflight{round}-{i}.txt"));
            s.Send(s.LockRequest(file, (ulong)i * 10, 5));
            if (i % 10 == 0)
                s.Send(s.CreateRequest("watched", directory: true));
        }
        s.Abort();

        AssertReturnsTo(baseline, "a TCP reset with CREATEs and LOCKs in flight");
        s.Dispose();
    }

    [Fact]
    public void GracefulCloseWithoutLogoffReleasesEverything()
    {
        var baseline = Now();
        var (s, big, _) = BusySession(baseline);
        StartLargeWrite(s, big, unanswered: 4);
        s.Dispose(); // FIN, no LOGOFF

        AssertReturnsTo(baseline, "a TCP close with WRITEs in flight");
    }

    [Fact]
    public void LogoffReleasesEverythingAndKeepsTheConnection()
    {
        var baseline = Now();
        var (s, big, notify) = BusySession(baseline);
        using (s)
        {
            var writes = StartLargeWrite(s, big, unanswered: 4);
            var logoff = s.LogoffRequest();
            s.Send(logoff);
            Assert.Equal(NtStatus.Success, s.Wait(logoff).Status);
            AssertAnswered(s, writes, notify);

            AssertReturnsTo(baseline with { Connections = baseline.Connections + 1 }, "LOGOFF with WRITEs in flight");

            // The connection lives on; the session does not.
            Assert.Equal(NtStatus.Success, s.Call(s.EchoRequest()).Status);
            Assert.Equal(NtStatus.UserSessionDeleted, s.Call(s.CreateRequest("after-logoff.txt")).Status);
            Assert.False(File.Exists(Path.Combine(_server.Dir, "share", "after-logoff.txt")));
        }
        AssertReturnsTo(baseline, "closing the connection");
    }

    [Fact]
    public void TreeDisconnectInACompoundReleasesEverythingAndTheRelatedRequestFailsCleanly()
    {
        var baseline = Now();
        var (s, big, notify) = BusySession(baseline);
        using (s)
        {
            var writes = StartLargeWrite(s, big, unanswered: 4);
            // MS-SMB2 3.3.5.2.7.2: a related request works on the previous request's tree, which
            // the TREE_DISCONNECT has just removed.
            var disconnect = s.TreeDisconnectRequest();
            var related = s.CreateRequest("after-disconnect.txt", flags: Smb2TestSession.Related);
            MarkRelated(related);
            s.SendCompound(disconnect, related);
            Assert.Equal(NtStatus.Success, s.Wait(disconnect).Status);
            var refused = s.Wait(related);
            Assert.True(refused.Status.IsError, $"a CREATE related to a TREE_DISCONNECT must fail, got {refused.Status}");
            Assert.Equal(NtStatus.NetworkNameDeleted, refused.Status);
            Assert.False(File.Exists(Path.Combine(_server.Dir, "share", "after-disconnect.txt")));
            AssertAnswered(s, writes, notify);

            AssertReturnsTo(baseline with { Connections = baseline.Connections + 1 }, "TREE_DISCONNECT with WRITEs in flight");

            // The session lives on: the tree id is gone, a new tree works.
            Assert.Equal(NtStatus.NetworkNameDeleted, s.Call(s.CreateRequest("old-tree.txt")).Status);
            s.ConnectTree("share");
            var file = s.Create("new-tree.txt");
            Assert.Equal(NtStatus.Success, s.Call(s.CloseRequest(file)).Status);
            Assert.Equal(NtStatus.Success, s.Call(s.LogoffRequest()).Status);
        }
        AssertReturnsTo(baseline, "closing the connection");
    }

    [Fact]
    public void TreeDisconnectFollowedByARelatedCloseInACompound()
    {
        var baseline = Now();
        var s = Smb2TestSession.Open(_server, User, Password, "share");
        using (s)
        {
            var file = s.Create("closing.txt");
            s.Lock(file, 0, 10);
            var disconnect = s.TreeDisconnectRequest();
            var close = s.CloseRequest(file, flags: Smb2TestSession.Related);
            MarkRelated(close);
            var echo = s.EchoRequest();
            s.SendCompound(disconnect, close, echo);
            Assert.Equal(NtStatus.Success, s.Wait(disconnect).Status);
            Assert.Equal(NtStatus.NetworkNameDeleted, s.Wait(close).Status);
            Assert.Equal(NtStatus.Success, s.Wait(echo).Status);
            AssertReturnsTo(baseline with { Connections = baseline.Connections + 1 }, "TREE_DISCONNECT then a related CLOSE");
        }
        AssertReturnsTo(baseline, "closing the connection");
    }

    /// <summary>MS-SMB2 3.2.4.1.4: a related request carries all-ones SessionId and TreeId; the server takes the previous request's.</summary>
    private static void MarkRelated(byte[] request)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(request.AsSpan(Smb2Header.SessionIdOffset), ulong.MaxValue);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(Smb2Header.TreeIdOffset), uint.MaxValue);
    }
}
