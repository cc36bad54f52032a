using Ntvfs;
using Protocol;
using Protocol.Smb2;
using SmbServer.Smb2;
using Smb2OplockBreak = SmbServer.Smb2.Smb2OplockBreak;

namespace SmbServer.Tests.Smb2;

public class Smb2CloseFlushOplockTests
{
    [Fact]
    public void CloseRemovesTheOpenAndReportsAttributesWhenAsked()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Server.OpenOpened();
        var r = h.Request(Smb2Command.Close, (m, o) => new Smb2CloseRequest(Smb2CloseFlags.PostqueryAttrib, fileId).Write(m, o));
        Assert.Equal(NtStatus.Success, h.Run(Smb2Close.Handle, r));
        Assert.Empty(h.Connection.Opens);
        Assert.Equal(0, h.Server.OpenFiles);
        Assert.True(h.Backend.LastClosePostQuery);
        Assert.True(Smb2CloseResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(Smb2CloseFlags.PostqueryAttrib, parsed.Flags);
        Assert.Equal(5000, parsed.EndOfFile);
        Assert.Equal(FakeBackend.Metadata.LastWriteTime, parsed.LastWriteTime);

        var again = h.Request(Smb2Command.Close, (m, o) => new Smb2CloseRequest(0, fileId).Write(m, o));
        Assert.Equal(NtStatus.FileClosed, h.Run(Smb2Close.Handle, again));
    }

    [Fact]
    public void CloseWithoutPostQueryIsAllZero()
    {
        Assert.Equal(default, Smb2Close.ResponseFor(false, new NtvfsCloseResult(true, FakeBackend.Metadata)));
        Assert.Equal(default, Smb2Close.ResponseFor(true, new NtvfsCloseResult(false, default)));
        Assert.Equal(0x20u, Smb2Close.ResponseFor(true, new NtvfsCloseResult(true, FakeBackend.Metadata)).FileAttributes);
    }

    [Fact]
    public void TheFileIdIsGoneBeforeTheBackendHasClosed()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.HoldNext = true;
        var req = h.Start(Smb2Close.Handle, h.Request(Smb2Command.Close, (m, o) => new Smb2CloseRequest(0, fileId).Write(m, o)));
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        Assert.Empty(h.Connection.Opens);
        NtvfsOp.Complete(h.Backend.Held!, NtStatus.Success, new NtvfsCloseResult(false, default));
        Assert.Equal(NtStatus.Success, h.Finish(req));
    }

    [Theory]
    [InlineData(false, 0x00000001u, 0xC0000022u)] // read only: ACCESS_DENIED
    [InlineData(false, 0x00000002u, 0x00000000u)] // FILE_WRITE_DATA
    [InlineData(false, 0x00000004u, 0x00000000u)] // FILE_APPEND_DATA (FILE_ADD_SUBDIRECTORY)
    [InlineData(true, 0x00000001u, 0x00000000u)]  // a named pipe
    public void FlushNeedsWriteAccess(bool pipe, uint access, uint expected)
        => Assert.Equal(new NtStatus(expected), Smb2Flush.CheckAccess(pipe, access));

    [Fact]
    public void FlushHandler()
    {
        using var h = new Smb2TestHarness();
        var readOnly = h.AddOpen(grantedAccess: 0x00120089);
        Assert.Equal(NtStatus.AccessDenied, h.Run(Smb2Flush.Handle, h.Request(Smb2Command.Flush, (m, o) => new Smb2FlushRequest(readOnly).Write(m, o))));
        var writable = h.AddOpen(grantedAccess: 0x0012019F);
        var r = h.Request(Smb2Command.Flush, (m, o) => new Smb2FlushRequest(writable).Write(m, o));
        Assert.Equal(NtStatus.Success, h.Run(Smb2Flush.Handle, r));
        Assert.Equal(["flush"], h.Backend.Calls);
        Assert.True(Smb2FlushResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out _, out _));
    }

    [Fact]
    public void AnOplockAckWithoutABreakIsInvalidOplockProtocol()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        var r = h.Request(Smb2Command.OplockBreak, (m, o) => new Smb2OplockBreakAcknowledgment(Smb2OplockLevel.II, fileId).Write(m, o));
        Assert.Equal(NtStatus.InvalidOplockProtocol, h.Run(Smb2OplockBreak.Handle, r));
        Assert.Equal(fileId, r.FileIdForNext);

        var closed = h.Request(Smb2Command.OplockBreak, (m, o) => new Smb2OplockBreakAcknowledgment(Smb2OplockLevel.None, new Smb2FileId(9, 9)).Write(m, o));
        Assert.Equal(NtStatus.FileClosed, h.Run(Smb2OplockBreak.Handle, closed));

        var batch = h.Request(Smb2Command.OplockBreak, (m, o) => new Smb2OplockBreakAcknowledgment(Smb2OplockLevel.Batch, fileId).Write(m, o));
        Assert.Equal(NtStatus.InvalidParameter, h.Run(Smb2OplockBreak.Handle, batch));
    }

    [Fact]
    public void ALeaseAckNamesNoLease()
    {
        using var h = new Smb2TestHarness();
        var ack = new Smb2LeaseBreakAcknowledgment(0, Guid.NewGuid(), Smb2LeaseState.None, 0);
        Assert.Equal(NtStatus.ObjectNameNotFound, h.Run(Smb2OplockBreak.Handle, h.Request(Smb2Command.OplockBreak, (m, o) => ack.Write(m, o))));

        using var old = new Smb2TestHarness(dialect: Smb2Dialect.Smb202);
        Assert.Equal(NtStatus.InvalidParameter, old.Run(Smb2OplockBreak.Handle, old.Request(Smb2Command.OplockBreak, (m, o) => ack.Write(m, o))));
    }

    [Fact]
    public void AnUnknownOplockBreakStructureIsInvalid()
    {
        using var h = new Smb2TestHarness();
        var r = h.Request(Smb2Command.OplockBreak, (m, o) => { m[o] = 25; return 25; });
        Assert.Equal(NtStatus.InvalidParameter, h.Run(Smb2OplockBreak.Handle, r));
    }
}
