using Ntvfs;
using Protocol;
using Protocol.Smb2;
using SmbServer.Smb2;

namespace SmbServer.Tests.Smb2;

public class Smb2ReadWriteTests
{
    private static Smb2ReadRequest Read(uint length, ulong offset = 0, uint minimum = 0, Smb2Channel channel = Smb2Channel.None, Smb2FileId fileId = default)
        => new(0x50, 0, length, offset, fileId, minimum, channel, 0, 0, 0);

    [Theory]
    [InlineData(65536u, 0ul, 0u, 0x00000000u)]
    [InlineData(65537u, 0ul, 0u, 0xC000000Du)] // past MaxReadSize
    [InlineData(1u, 0x8000000000000000ul, 0u, 0xC000000Du)] // no file position that large
    [InlineData(1u, 0ul, 1u, 0x00000000u)] // RDMA channel on 2.1: reserved, ignored
    [InlineData(1u, 0x7FFFFFFFFFFFFFFEul, 0u, 0x00000000u)] // ends at 2^63 - 1: the backend answers END_OF_FILE
    [InlineData(0u, 0x7FFFFFFFFFFFFFFFul, 0u, 0x00000000u)] // empty read at the last position
    [InlineData(1u, 0x7FFFFFFFFFFFFFFFul, 0u, 0xC000000Du)] // would end past 2^63 - 1
    [InlineData(0u, 0xFFFFFFFFFFFFFFFFul, 0u, 0xC000000Du)] // -1
    public void ReadValidation(uint length, ulong offset, uint channel, uint expected)
        => Assert.Equal(new NtStatus(expected), Smb2Read.Validate(Read(length, offset, 0, (Smb2Channel)channel), 65536, Smb2Dialect.Smb210));

    [Fact]
    public void RdmaChannelOn30IsRefused()
        => Assert.Equal(NtStatus.InvalidParameter, Smb2Read.Validate(Read(1, channel: Smb2Channel.RdmaV1), 65536, Smb2Dialect.Smb300));

    [Theory]
    [InlineData(0, 10u, 0u, 0xC0000011u)] // nothing read at the end of the file
    [InlineData(0, 0u, 0u, 0x00000000u)]  // nothing asked, nothing read
    [InlineData(5, 10u, 6u, 0xC0000011u)] // below MinimumCount
    [InlineData(6, 10u, 6u, 0x00000000u)]
    public void ReadCompletion(int count, uint length, uint minimum, uint expected)
        => Assert.Equal(new NtStatus(expected), Smb2Read.CompletionStatus(NtStatus.Success, count, length, minimum));

    [Fact]
    public void AShortPipeMessageKeepsBufferOverflow()
        => Assert.Equal(NtStatus.BufferOverflow, Smb2Read.CompletionStatus(NtStatus.BufferOverflow, 10, 10, 0));

    [Fact]
    public void ReadPutsTheDataAtOffset0x50()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        var r = h.Request(Smb2Command.Read, (m, o) => Read(4, 100, 0, fileId: fileId).Write(m, o));
        Assert.Equal(NtStatus.Success, h.Run(Smb2Read.Handle, r));
        Assert.Equal(100, h.Backend.LastRead.Offset);
        Assert.Equal(4, h.Backend.LastRead.Length);
        Assert.Equal(0, h.Backend.LastRead.MinimumCount);
        var response = Smb2TestHarness.Response(r);
        Assert.True(Smb2ReadResponse.TryParse(response, Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(0x50, parsed.DataOffset);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, parsed.GetData(response).ToArray());
        Assert.Equal(0u, parsed.DataRemaining);
        Assert.Equal(fileId, r.FileIdForNext);
    }

    [Fact]
    public void ReadChecksTheCreditCharge()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        var r = h.Request(Smb2Command.Read, (m, o) => Read(65536, fileId: fileId).Write(m, o), creditCharge: 1);
        h.Connection.MaxReadSize = 1 << 20;
        var tooLarge = h.Request(Smb2Command.Read, (m, o) => Read(65537, fileId: fileId).Write(m, o), creditCharge: 1);
        Assert.Equal(NtStatus.Success, h.Run(Smb2Read.Handle, r));
        Assert.Equal(NtStatus.InvalidParameter, h.Run(Smb2Read.Handle, tooLarge));
    }

    [Fact]
    public void ReadAtTheEndOfTheFileIsEndOfFile()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.OnRead = _ => (NtStatus.Success, new NtvfsReadResult(0));
        var r = h.Request(Smb2Command.Read, (m, o) => Read(10, fileId: fileId).Write(m, o));
        Assert.Equal(NtStatus.EndOfFile, h.Run(Smb2Read.Handle, r));
        Assert.False(r.BodyWritten);
    }

    [Fact]
    public void ReadOfAClosedFileIsFileClosed()
    {
        using var h = new Smb2TestHarness();
        var r = h.Request(Smb2Command.Read, (m, o) => Read(10, fileId: new Smb2FileId(5, 5)).Write(m, o));
        Assert.Equal(NtStatus.FileClosed, h.Run(Smb2Read.Handle, r));
        Assert.Empty(h.Backend.Calls);
    }

    [Fact]
    public void APipeReadThatWaitsMayGoAsync()
    {
        using var h = new Smb2TestHarness(ipc: true);
        var fileId = h.AddOpen();
        var r = h.Request(Smb2Command.Read, (m, o) => Read(10, fileId: fileId).Write(m, o));
        Assert.Equal(NtStatus.Success, h.Run(Smb2Read.Handle, r));
        Assert.True(h.Backend.LastRequest!.MayGoAsync);
    }

    [Theory]
    // Offsets and lengths as smbtorture's smb2.rw.invalid expects Windows to answer them.
    [InlineData(0xFFFFFFFFFFFFFFFFul, 65536u, 0xC000000Du, 0L)] // -1 is not "append" over SMB2
    [InlineData(0xFFFFFFFFFFFFFFFEul, 65536u, 0xC000000Du, 0L)]
    [InlineData(0x8000000000000000ul, 0u, 0xC000000Du, 0L)]
    [InlineData(0x7FFFFFFFFFFFFFFFul, 0u, 0x00000000u, 0x7FFFFFFFFFFFFFFFL)] // empty: nothing to write
    [InlineData(0x7FFFFFFFFFFFFFFFul, 1u, 0xC000000Du, 0L)]
    [InlineData(0xFFFFFFF0000ul, 1u, 0xC000000Du, 0L)] // would end past MAXFILESIZE
    [InlineData(0xFFFFFFEFFFFul, 1u, 0x00000000u, 0xFFFFFFEFFFFL)] // ends exactly at MAXFILESIZE
    [InlineData(0xFFFFFFF0000ul, 0u, 0x00000000u, 0xFFFFFFF0000L)]
    [InlineData(12ul, 1u, 0x00000000u, 12L)]
    public void WriteOffsets(ulong offset, uint length, uint expected, long mapped)
    {
        var request = new Smb2WriteRequest(0x70, length, offset, default, Smb2Channel.None, 0, 0, 0, 0);
        Assert.Equal(new NtStatus(expected), Smb2Write.Validate(request, 65536, Smb2Dialect.Smb210, out long result));
        Assert.Equal(mapped, result);
    }

    [Fact]
    public void WriteLongerThanMaxWriteSizeIsInvalid()
    {
        var request = new Smb2WriteRequest(0x70, 65537, 0, default, Smb2Channel.None, 0, 0, 0, 0);
        Assert.Equal(NtStatus.InvalidParameter, Smb2Write.Validate(request, 65536, Smb2Dialect.Smb210, out _));
    }

    [Fact]
    public void WriteHandsTheRequestBytesToTheBackend()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        byte[] data = [10, 20, 30, 40, 50];
        var r = h.Request(Smb2Command.Write, (m, o) =>
            new Smb2WriteRequest(0, 0, 7, fileId, Smb2Channel.None, 0, 0, 0, Smb2WriteFlags.WriteThrough).Write(m, o, data));
        Assert.Equal(NtStatus.Success, h.Run(Smb2Write.Handle, r));
        Assert.Equal(data, h.Backend.LastWriteData);
        Assert.Equal(7, h.Backend.LastWrite.Offset);
        Assert.True(h.Backend.LastWrite.WriteThrough);
        Assert.True(h.Backend.LastWrite.Data.Span.Overlaps(r.Frame)); // a slice of the message, not a copy
        Assert.True(Smb2WriteResponse.TryParse(Smb2TestHarness.Response(r), Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(5u, parsed.Count);
    }

    [Fact]
    public void AWriteInProgressCannotBeCancelled()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.HoldNext = true;
        var r = h.Request(Smb2Command.Write, (m, o) =>
            new Smb2WriteRequest(0, 0, 0, fileId, Smb2Channel.None, 0, 0, 0, 0).Write(m, o, [1, 2]));
        var req = h.Start(Smb2Write.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        Assert.False(req.Cancel()); // the backend still reads the message: the handler must wait for it
        NtvfsOp.Complete(h.Backend.Held!, NtStatus.Success, new NtvfsWriteResult(2));
        Assert.Equal(NtStatus.Success, h.Finish(req));
    }

    [Fact]
    public void AReadInProgressIsWaitedForWhenItCannotBeCancelled()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.HoldNext = true;
        var r = h.Request(Smb2Command.Read, (m, o) => Read(3, 0, 0, fileId: fileId).Write(m, o));
        var req = h.Start(Smb2Read.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        // The backend may still write into the response: the cancel goes to it, and it refuses.
        Assert.False(req.Cancel());
        Assert.True(req.IsInProgress);
        new byte[] { 7, 8, 9 }.CopyTo(h.Backend.LastRead.Buffer.Span);
        NtvfsOp.Complete(h.Backend.Held!, NtStatus.Success, new NtvfsReadResult(3));
        Assert.Equal(NtStatus.Success, h.Finish(req));
        var response = Smb2TestHarness.Response(r);
        Assert.True(Smb2ReadResponse.TryParse(response, Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(new byte[] { 7, 8, 9 }, parsed.GetData(response).ToArray());
    }

    [Fact]
    public void AReadTheBackendCancelsEndsCancelled()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.HoldNext = true;
        h.Backend.HeldCancellable = true;
        var r = h.Request(Smb2Command.Read, (m, o) => Read(3, 0, 0, fileId: fileId).Write(m, o));
        var req = h.Start(Smb2Read.Handle, r);
        h.Ev.LoopUntil(() => h.Backend.Held != null);
        Assert.True(req.Cancel());
        Assert.Equal(NtStatus.Cancelled, h.Finish(req));
    }

    [Fact]
    public void TheReadDestinationIsTheResponseItself()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        var r = h.Request(Smb2Command.Read, (m, o) => Read(4, 0, 0, fileId: fileId).Write(m, o));
        Assert.Equal(NtStatus.Success, h.Run(Smb2Read.Handle, r));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(h.Backend.LastRead.Buffer, out var segment));
        Assert.Same(r.ResponseBuffer, segment.Array);
        Assert.Equal(r.ResponseStart + Smb2ReadResponse.DataStart(Smb2Request.BodyOffset), segment.Offset);
    }
}
