using System.Buffers.Binary;
using Ntvfs;
using Protocol;
using Protocol.Fscc;
using Protocol.Smb2;
using SmbServer.Smb2;

namespace SmbServer.Tests.Smb2;

public class Smb2InfoTests
{
    private static Smb2QueryInfoRequest Query(Smb2InfoType type, uint output, Smb2FileId fileId = default, byte infoClass = 5)
        => new(type, infoClass, output, 0, 0, 0, 0, fileId);

    [Theory]
    [InlineData((byte)1, 65536u, 0x00000000u)]
    [InlineData((byte)4, 100u, 0x00000000u)]
    [InlineData((byte)0, 100u, 0xC000000Du)]
    [InlineData((byte)5, 100u, 0xC000000Du)]
    [InlineData((byte)2, 65537u, 0xC000000Du)] // past MaxTransactSize
    public void QueryInfoValidation(byte type, uint output, uint expected)
        => Assert.Equal(new NtStatus(expected), Smb2QueryInfo.Validate(Query((Smb2InfoType)type, output), 65536));

    [Theory]
    [InlineData((ushort)0x0202, (byte)48, 0xC00000BBu)] // FileNormalizedNameInformation before 3.1.1
    [InlineData((ushort)0x0210, (byte)48, 0xC00000BBu)]
    [InlineData((ushort)0x0302, (byte)48, 0xC00000BBu)]
    [InlineData((ushort)0x0311, (byte)48, 0x00000000u)]
    [InlineData((ushort)0x0210, (byte)18, 0x00000000u)] // FileAllInformation: any dialect
    public void QueryInfoClassesTiedToTheDialect(ushort dialect, byte infoClass, uint expected)
        => Assert.Equal(new NtStatus(expected),
            Smb2QueryInfo.Validate(Query(Smb2InfoType.File, 100, infoClass: infoClass), 65536, (Smb2Dialect)dialect));

    [Fact]
    public void FileIdInformationNeedsAServerWithSmb3()
    {
        bool smb3 = Array.Exists(Smb2Negotiate.Implemented, d => d >= Smb2Dialect.Smb300 && d != Smb2Dialect.Smb2Wildcard);
        var status = Smb2QueryInfo.Validate(Query(Smb2InfoType.File, 100, infoClass: 59), 65536, Smb2Dialect.Smb210);
        Assert.Equal(smb3 ? NtStatus.Success : NtStatus.NotSupported, status);
    }

    [Fact]
    public void QueryInfoHandlerRefusesNormalizedNameOnSmb21WithoutAskingTheBackend()
    {
        using var h = new Smb2TestHarness(dialect: Smb2Dialect.Smb210);
        var fileId = h.AddOpen();
        var r = h.Request(Smb2Command.QueryInfo, (m, o) => new Smb2QueryInfoRequest(Smb2InfoType.File, 48, 100, 0, 0, 0, 0, fileId).Write(m, o));
        Assert.Equal(NtStatus.NotSupported, h.Run(Smb2QueryInfo.Handle, r));
        Assert.DoesNotContain("queryinfo", h.Backend.Calls);
    }

    [Fact]
    public void QueryInfoCopiesTheBackendsBytes()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        byte[] input = [1, 2, 3, 4];
        var r = h.Request(Smb2Command.QueryInfo, (m, o) => new Smb2QueryInfoRequest(Smb2InfoType.File, 15, 100, 0, 0, 7, 1, fileId).Write(m, o, input));
        Assert.Equal(NtStatus.Success, h.Run(Smb2QueryInfo.Handle, r));
        var args = h.Backend.LastQueryInfo;
        Assert.Equal(Smb2InfoType.File, args.InfoType);
        Assert.Equal(15, args.InfoClass);
        Assert.Equal(100, args.OutputBufferLength);
        Assert.Equal(7u, args.AdditionalInformation);
        Assert.Equal(input, args.Input.ToArray());
        Assert.False(args.Input.Span.Overlaps(r.Frame)); // a private copy: the frame may be reused
        var response = Smb2TestHarness.Response(r);
        Assert.True(Smb2QueryInfoResponse.TryParse(response, Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(0x48, parsed.OutputBufferOffset);
        Assert.Equal(new byte[] { 9, 8, 7 }, parsed.GetOutputBuffer(response).ToArray());
    }

    [Fact]
    public void BufferOverflowKeepsItsData()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.OnInfo = () => (NtStatus.BufferOverflow, new NtvfsInfoResult([1, 2], 2));
        var r = h.Request(Smb2Command.QueryInfo, (m, o) => Query(Smb2InfoType.File, 2, fileId, 18).Write(m, o));
        Assert.Equal(NtStatus.BufferOverflow, h.Run(Smb2QueryInfo.Handle, r));
        Assert.True(Smb2QueryInfoResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(2u, parsed.OutputBufferLength);
    }

    [Fact]
    public void BufferTooSmallCarriesTheRequiredLength()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.OnInfo = () => (NtStatus.BufferTooSmall, new NtvfsInfoResult(null!, 0x94));
        var r = h.Request(Smb2Command.QueryInfo, (m, o) => Query(Smb2InfoType.Security, 8, fileId, 0).Write(m, o));
        Assert.Equal(NtStatus.BufferTooSmall, h.Run(Smb2QueryInfo.Handle, r));
        Assert.Equal(NtStatus.BufferTooSmall, r.Status);
        var response = Smb2TestHarness.Response(r);
        Assert.True(Smb2ErrorResponse.TryParse(response, Smb2Request.BodyOffset, out var error, out _));
        Assert.Equal(4u, error.ByteCount);
        Assert.Equal(0x94u, BinaryPrimitives.ReadUInt32LittleEndian(error.GetErrorData(response)));
    }

    [Fact]
    public void SetInfoHandsACopyOfTheBuffer()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        byte[] info = new byte[40];
        info[32] = 0x20;
        var r = h.Request(Smb2Command.SetInfo, (m, o) => new Smb2SetInfoRequest(Smb2InfoType.File, 4, 0, 0, 0, fileId).Write(m, o, info));
        Assert.Equal(NtStatus.Success, h.Run(Smb2SetInfo.Handle, r));
        Assert.Equal(info, h.Backend.LastSetInfo.Buffer.ToArray());
        Assert.Equal(4, h.Backend.LastSetInfo.InfoClass);
        Assert.True(Smb2SetInfoResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out _, out _));
    }

    [Fact]
    public void SetInfoValidation()
    {
        Assert.Equal(NtStatus.InvalidParameter, Smb2SetInfo.Validate(new Smb2SetInfoRequest((Smb2InfoType)9, 4, 8, 0x60, 0, default), 65536));
        Assert.Equal(NtStatus.InvalidParameter, Smb2SetInfo.Validate(new Smb2SetInfoRequest(Smb2InfoType.File, 4, 65537, 0x60, 0, default), 65536));
        Assert.Equal(NtStatus.Success, Smb2SetInfo.Validate(new Smb2SetInfoRequest(Smb2InfoType.Quota, 0, 65536, 0x60, 0, default), 65536));
    }

    [Theory]
    [InlineData((byte)37, "*", 0x00000000u)]
    [InlineData((byte)12, "a?.txt", 0x00000000u)]
    [InlineData((byte)60, "*", 0x00000000u)]
    [InlineData((byte)4, "*", 0xC0000003u)] // FileBasicInformation is no directory class: INVALID_INFO_CLASS
    [InlineData((byte)3, "", 0xC0000033u)]
    [InlineData((byte)3, "a\\b", 0xC0000033u)]
    [InlineData((byte)3, "a/b", 0xC0000033u)]
    [InlineData((byte)3, "a\0", 0xC0000033u)]
    public void QueryDirectoryValidation(byte infoClass, string pattern, uint expected)
        => Assert.Equal(new NtStatus(expected), Smb2QueryDirectory.Validate(infoClass, pattern));

    private static Smb2Request QueryDirectory(Smb2TestHarness h, Smb2FileId fileId, string pattern = "*", uint output = 4096)
        => h.Request(Smb2Command.QueryDirectory, (m, o) =>
            new Smb2QueryDirectoryRequest(37, Smb2QueryDirectoryFlags.RestartScans, 0, fileId, 0, 0, output).Write(m, o, pattern));

    [Fact]
    public void QueryDirectoryPassesPatternAndClass()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        var r = QueryDirectory(h, fileId, "*.txt");
        Assert.Equal(NtStatus.Success, h.Run(Smb2QueryDirectory.Handle, r));
        var args = h.Backend.LastQueryDirectory;
        Assert.Equal("*.txt", args.Pattern);
        Assert.Equal(FileInformationClass.FileIdBothDirectoryInformation, args.InfoClass);
        Assert.Equal(Smb2QueryDirectoryFlags.RestartScans, args.Flags);
        Assert.Equal(4096, args.OutputBufferLength);
        Assert.True(Smb2QueryDirectoryResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(8u, parsed.OutputBufferLength);
    }

    [Fact]
    public void NoMoreFilesIsAnErrorBody()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.OnInfo = () => (NtStatus.NoMoreFiles, default);
        var r = QueryDirectory(h, fileId);
        Assert.Equal(NtStatus.NoMoreFiles, h.Run(Smb2QueryDirectory.Handle, r));
        Assert.True(Smb2ErrorResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out var error, out _));
        Assert.Equal(0u, error.ByteCount);
    }

    [Fact]
    public void OnlyADirectoryIsEnumerated()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: false);
        Assert.Equal(NtStatus.InvalidParameter, h.Run(Smb2QueryDirectory.Handle, QueryDirectory(h, fileId)));
        Assert.Empty(h.Backend.Calls);
    }

    [Fact]
    public void QueryDirectoryOutputIsBoundedByMaxTransactSize()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        Assert.Equal(NtStatus.InvalidParameter, h.Run(Smb2QueryDirectory.Handle, QueryDirectory(h, fileId, output: 65537)));
    }

    [Theory]
    [InlineData(100u, 0x17u, 0x00000000u)]
    [InlineData(100u, 0x00u, 0x00000000u)]   // nothing to watch: accepted, as Windows and Samba do
    [InlineData(100u, 0x1000u, 0x00000000u)] // undefined bit: accepted too
    [InlineData(65537u, 0x1u, 0xC000000Du)]
    public void ChangeNotifyValidation(uint output, uint filter, uint expected)
        => Assert.Equal(new NtStatus(expected), Smb2ChangeNotify.Validate(new Smb2ChangeNotifyRequest(0, output, default, filter), 65536));

    [Fact]
    public void ChangeNotifyWaitsAsyncAndAnswersTheEntries()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.HoldNext = true;
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(Smb2ChangeNotifyFlags.WatchTree, 1024, fileId, 0x3).Write(m, o));
        var req = h.Start(Smb2ChangeNotify.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        Assert.True(r.IsAsync);
        Assert.True(h.Backend.LastNotify.WatchTree);
        Assert.Equal(CompletionFilter.FileName | CompletionFilter.DirName, h.Backend.LastNotify.Filter);
        NtvfsOp.Complete(h.Backend.Held!, NtStatus.Success, new NtvfsInfoResult(new byte[16], 16));
        Assert.Equal(NtStatus.Success, h.Finish(req));
        Assert.True(Smb2ChangeNotifyResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(16u, parsed.OutputBufferLength);
    }

    [Fact]
    public void NotifyCleanupIsAnErrorBody()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.OnInfo = () => (NtStatus.NotifyCleanup, default);
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(0, 1024, fileId, 0x1).Write(m, o));
        Assert.Equal(NtStatus.NotifyCleanup, h.Run(Smb2ChangeNotify.Handle, r));
        Assert.True(Smb2ErrorResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out _, out _));
    }

    [Fact]
    public void NotifyCleanupCarriesNoEntriesEvenWithChangesBuffered()
    {
        // smbtorture smb2.notify.dir closes the handle of a waiting watch and counts no new entries.
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.OnInfo = () => (NtStatus.NotifyCleanup, new NtvfsInfoResult(new byte[16], 16));
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(0, 1024, fileId, 0x1).Write(m, o));
        Assert.Equal(NtStatus.NotifyCleanup, h.Run(Smb2ChangeNotify.Handle, r));
        // The ERROR body: 8 bytes and one of padding, no 16 bytes of entries behind it.
        Assert.True(Smb2TestHarness.Response(r).Length <= Smb2Request.BodyOffset + 9);
    }

    [Fact]
    public void AWatchNeedsListDirectoryAccess()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true, grantedAccess: 0x00000080); // FILE_READ_ATTRIBUTES only
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(0, 1024, fileId, 0x1).Write(m, o));
        Assert.Equal(NtStatus.AccessDenied, h.Run(Smb2ChangeNotify.Handle, r));
        Assert.DoesNotContain("notify", h.Backend.Calls);
    }

    [Fact]
    public void AWaitingWatchWhoseTreeGoesAwayEndsWithNotifyCleanup()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.HoldNext = true;
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(0, 1024, fileId, 0x1).Write(m, o));
        var req = h.Start(Smb2ChangeNotify.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        h.Connection.TrackInFlight(r);
        h.Connection.CancelRequestsOf(h.Session, null, except: null); // what LOGOFF does
        Assert.Equal(NtStatus.NotifyCleanup, h.Finish(req));
        Assert.True(Smb2ErrorResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out _, out _));
    }

    [Fact]
    public void AnSmb2CancelOfAWaitingWatchIsCancelled()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.HoldNext = true;
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(0, 1024, fileId, 0x1).Write(m, o));
        var req = h.Start(Smb2ChangeNotify.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        Assert.True(req.Cancel());
        Assert.Equal(NtStatus.Cancelled, h.Finish(req));
    }

    [Fact]
    public void ACancelThatBeatsTheHandlerAlsoCancelsTheBackendWatch()
    {
        // smbtorture sends CHANGE_NOTIFY and CANCEL in one write: the CANCEL is handled before the
        // handler body runs. The backend request must not be left waiting (it would take the next
        // change meant for a later CHANGE_NOTIFY: smb2.notify.tcon hung on that).
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.HoldNext = true;
        h.Backend.HeldCancellable = true;
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(0, 1024, fileId, 0x1).Write(m, o));
        var req = h.Start(Smb2ChangeNotify.Handle, r);
        Assert.True(req.Cancel());
        Assert.Equal(NtStatus.Cancelled, h.Finish(req));
        Assert.NotNull(h.Backend.Held);
        Assert.False(h.Backend.Held!.IsInProgress);
    }

    [Fact]
    public void AWatchThatWouldWaitInTheMiddleOfACompoundIsInternalError()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.HoldNext = true;
        h.Backend.HeldCancellable = true;
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(0, 1024, fileId, 0x1).Write(m, o),
            lastInCompound: false);
        Assert.Equal(NtStatus.InternalError, h.Run(Smb2ChangeNotify.Handle, r));
        Assert.False(r.IsAsync); // no interim response: the compound's answer is not split
    }

    [Fact]
    public void AWatchThatCannotBeCancelledGoesAsyncEvenInTheMiddleOfACompound()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.HoldNext = true;
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(0, 1024, fileId, 0x1).Write(m, o),
            lastInCompound: false);
        var req = h.Start(Smb2ChangeNotify.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        Assert.True(r.IsAsync);
        NtvfsOp.Complete(h.Backend.Held!, NtStatus.Success, new NtvfsInfoResult(new byte[16], 16));
        Assert.Equal(NtStatus.Success, h.Finish(req));
    }

    [Fact]
    public void ChangesLargerThanTheBufferAreEnumDir()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen(isDirectory: true);
        h.Backend.OnInfo = () => (NtStatus.Success, new NtvfsInfoResult(new byte[64], 64));
        var r = h.Request(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyRequest(0, 32, fileId, 0x1).Write(m, o));
        Assert.Equal(NtStatus.NotifyEnumDir, h.Run(Smb2ChangeNotify.Handle, r));
    }
}
