using Protocol.Tests.Dcerpc;
using Ntvfs.Ipc;
using Protocol;
using Protocol.Dcerpc.Srvsvc;
using Protocol.Fscc;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Tests.Ipc;

public class IpcReadWriteTests
{
    private readonly IpcTestHost _host = new();

    [Fact]
    public void BindAndNetShareEnumAllOverWriteAndRead()
    {
        var h = _host.Open(@"\PIPE\srvsvc");
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] ack));
        Assert.Equal(@"\PIPE\srvsvc", IpcTestClient.AssertBindAck(ack));

        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.NetShareEnumAll(callId: 2)));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] response));
        var (level, shares, total, _, result) = TestStubDecoder.ShareEnum(IpcTestClient.ReassembleResponse([response], 2));

        Assert.Equal(1u, level);
        Assert.Equal(0u, result);
        Assert.Equal(3u, total);
        Assert.Equal(["IPC$", "data", "public"], shares.Select(s => s.Name));
        Assert.Equal(0, h.ReadDataAvailable);
    }

    [Fact]
    public void TheShareListIsReadLiveFromTheSource()
    {
        var h = _host.OpenBoundSrvsvc();
        _host.Sources.ShareList.Add(new ShareInfo("added", ShareType.DiskTree, "new", "/srv/added"));

        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.NetShareEnumAll(callId: 3)));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] response));
        var (_, shares, _, _, _) = TestStubDecoder.ShareEnum(IpcTestClient.ReassembleResponse([response], 3));
        Assert.Contains(shares, s => s.Name == "added");
    }

    [Fact]
    public void ReadOnAnEmptyPipeWaitsForALaterWrite()
    {
        var h = _host.Open();
        var read = _host.ReadSend(h, 4280);
        bool called = false;
        read.SetCallback(_ => called = true);
        _host.Settle();
        Assert.True(read.IsInProgress);
        Assert.False(called);
        Assert.Equal(1, h.WaitingReads);

        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.SrvsvcBind()));
        _host.Ev.LoopUntil(read);
        Assert.True(called);
        Assert.Equal(NtStatus.Success, IpcTestHost.ReadRecv(read, out byte[] ack));
        IpcTestClient.AssertBindAck(ack);
        Assert.Equal(0, h.WaitingReads);
        Assert.Equal(0, h.ReadDataAvailable);
    }

    [Fact]
    public void WaitingReadsAreServedInArrivalOrderOneMessageEach()
    {
        var h = _host.OpenBoundSrvsvc();
        var first = _host.ReadSend(h, 4280);
        var second = _host.ReadSend(h, 4280);
        _host.Settle();
        Assert.Equal(2, h.WaitingReads);

        // One write carrying two requests: two answers, one for each waiting read.
        byte[] twoCalls = [.. IpcTestClient.NetShareEnumAll(callId: 5), .. IpcTestClient.NetShareEnumAll(callId: 6)];
        Assert.Equal(NtStatus.Success, _host.Write(h, twoCalls));
        _host.Run(first);
        _host.Run(second);
        Assert.Equal(NtStatus.Success, IpcTestHost.ReadRecv(first, out byte[] a));
        Assert.Equal(NtStatus.Success, IpcTestHost.ReadRecv(second, out byte[] b));
        Assert.Equal(5u, IpcTestClient.CallId(a));
        Assert.Equal(6u, IpcTestClient.CallId(b));
    }

    [Fact]
    public void AWaitingReadIsServedBeforeALaterRead()
    {
        var h = _host.OpenBoundSrvsvc();
        var first = _host.ReadSend(h, 4280);
        _host.Settle();
        Assert.Equal(NtStatus.Success, _host.Write(h, [.. IpcTestClient.NetShareEnumAll(7), .. IpcTestClient.NetShareEnumAll(8)]));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] later));
        _host.Run(first);
        Assert.Equal(NtStatus.Success, IpcTestHost.ReadRecv(first, out byte[] earlier));
        Assert.Equal(7u, IpcTestClient.CallId(earlier));
        Assert.Equal(8u, IpcTestClient.CallId(later));
    }

    [Fact]
    public void CancelEndsAWaitingReadWithCancelledAndLeavesTheDataForTheNext()
    {
        var h = _host.Open();
        var read = _host.ReadSend(h, 4280);
        _host.Settle();

        Assert.True(read.Cancel());
        _host.Ev.LoopUntil(read);
        Assert.Equal(NtStatus.Cancelled, IpcTestHost.ReadRecv(read, out _));
        Assert.Equal(0, h.WaitingReads);

        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] ack));
        IpcTestClient.AssertBindAck(ack);
    }

    [Fact]
    public void CancelOfACompletedReadDoesNothing()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.SrvsvcBind()));
        var read = _host.ReadSend(h, 4280);
        Assert.False(read.Cancel());
        Assert.Equal(NtStatus.Success, IpcTestHost.ReadRecv(_host.Run(read), out _));
    }

    [Fact]
    public void CloseEndsAWaitingReadWithPipeBroken()
    {
        var h = _host.Open();
        var read = _host.ReadSend(h, 4280);
        _host.Settle();
        Assert.Equal(NtStatus.Success, _host.Close(h));
        _host.Ev.LoopUntil(read);
        Assert.Equal(NtStatus.PipeBroken, IpcTestHost.ReadRecv(read, out _));
        Assert.False(read.IsInProgress);
    }

    [Fact]
    public void AMessageLargerThanTheReadIsSplitWithBufferOverflow()
    {
        var h = _host.OpenBoundSrvsvc();
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.NetShareEnumAll(callId: 4)));
        int whole = h.ReadDataAvailable;
        Assert.True(whole > 40);

        Assert.Equal(NtStatus.BufferOverflow, _host.Read(h, 16, out byte[] head));
        Assert.Equal(16, head.Length);
        Assert.Equal(whole, IpcTestClient.FragLength(head));
        Assert.Equal(NtStatus.BufferOverflow, _host.Read(h, 8, out byte[] middle));
        Assert.Equal(8, middle.Length);
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] tail));
        Assert.Equal(whole - 24, tail.Length);

        byte[] pdu = [.. head, .. middle, .. tail];
        var (_, shares, _, _, _) = TestStubDecoder.ShareEnum(IpcTestClient.ReassembleResponse([pdu], 4));
        Assert.Equal(3, shares.Count);
    }

    [Fact]
    public void AZeroLengthReadOfAWaitingMessageIsBufferOverflowWithNoData()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.SrvsvcBind()));
        int waiting = h.ReadDataAvailable;
        Assert.Equal(NtStatus.BufferOverflow, _host.Read(h, 0, out byte[] data));
        Assert.Empty(data);
        Assert.Equal(waiting, h.ReadDataAvailable);
    }

    [Fact]
    public void AMultiFragmentResponseIsReadOneFragmentPerRead()
    {
        for (int i = 0; i < 150; i++)
            _host.Sources.ShareList.Add(new ShareInfo($"share{i:D3}", ShareType.DiskTree, "a share with a longer comment", $"/srv/s{i}"));
        var h = _host.OpenBoundSrvsvc();
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.NetShareEnumAll(callId: 9, level: 2)));

        var fragments = new List<byte[]>();
        while (h.ReadDataAvailable > 0)
        {
            Assert.Equal(NtStatus.Success, _host.Read(h, 65536, out byte[] fragment));
            Assert.Equal(fragment.Length, IpcTestClient.FragLength(fragment));
            Assert.True(fragment.Length <= 4280);
            fragments.Add(fragment);
        }
        Assert.True(fragments.Count > 1);
        var (_, shares, total, _, _) = TestStubDecoder.ShareEnum(IpcTestClient.ReassembleResponse(fragments, 9));
        Assert.Equal(153u, total);
        Assert.Equal(_host.Sources.ShareList.Select(s => s.Name), shares.Select(s => s.Name));
    }

    [Fact]
    public void ByteStreamModeReadsAcrossMessages()
    {
        var h = _host.OpenBoundSrvsvc();
        SetPipeInformation(h, PipeReadMode.ByteStream, PipeCompletionMode.Queue);
        Assert.Equal(NtStatus.Success, _host.Write(h, [.. IpcTestClient.NetShareEnumAll(10), .. IpcTestClient.NetShareEnumAll(11)]));
        int both = h.ReadDataAvailable;

        Assert.Equal(NtStatus.Success, _host.Read(h, 65536, out byte[] data));
        Assert.Equal(both, data.Length);
        int first = IpcTestClient.FragLength(data);
        Assert.Equal(10u, IpcTestClient.CallId(data));
        Assert.Equal(11u, IpcTestClient.CallId(data.AsSpan(first)));

        // Shorter than what waits: no overflow in byte-stream mode, the rest stays.
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.NetShareEnumAll(12)));
        Assert.Equal(NtStatus.Success, _host.Read(h, 10, out byte[] part));
        Assert.Equal(10, part.Length);
        Assert.True(h.ReadDataAvailable > 0);
    }

    [Fact]
    public void NonBlockingReadOnAnEmptyPipeIsPipeEmpty()
    {
        var h = _host.Open();
        SetPipeInformation(h, PipeReadMode.Message, PipeCompletionMode.Complete);
        Assert.Equal(NtStatus.PipeEmpty, _host.Read(h, 4280, out _));
        Assert.Equal(0, h.WaitingReads);
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out _));
    }

    [Fact]
    public void InputThatLosesTheFramingBreaksThePipe()
    {
        var h = _host.OpenBoundSrvsvc();
        var read = _host.ReadSend(h, 4280);
        _host.Settle();

        // A request header with RPC version 4: the stream cannot be framed any more; nothing answers it.
        byte[] garbage = IpcTestClient.NetShareEnumAll(callId: 2);
        garbage[0] = 4;
        Assert.Equal(NtStatus.Success, _host.Write(h, garbage));
        Assert.True(h.IsBroken);
        _host.Ev.LoopUntil(read);
        Assert.Equal(NtStatus.PipeDisconnected, IpcTestHost.ReadRecv(read, out _));

        Assert.Equal(NtStatus.PipeDisconnected, _host.Write(h, IpcTestClient.NetShareEnumAll(callId: 3)));
        Assert.Equal(NtStatus.PipeDisconnected, _host.Read(h, 4280, out _));
        Assert.Equal(NtStatus.PipeDisconnected, _host.Transceive(h, IpcTestClient.NetShareEnumAll(callId: 4), 4280, out _));
        Assert.Equal(NtStatus.PipeDisconnected, _host.Ioctl(h, PipeFsctl.Peek, [], 100, out _));
        Assert.Equal(NtStatus.PipeDisconnected, _host.Run(_host.Backend.FlushSend(_host.Request, h), out bool _));
        Assert.Equal(NtStatus.Success, _host.Close(h));
    }

    [Fact]
    public void ABrokenPipeStillDeliversWhatItAnsweredBeforeDisconnecting()
    {
        var h = _host.Open();
        byte[] bind = IpcTestClient.SrvsvcBind();
        bind[0] = 4; // a bind in a version we do not speak: bind_nak, then the pipe breaks
        Assert.Equal(NtStatus.Success, _host.Write(h, bind));
        Assert.True(h.IsBroken);

        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] nak));
        Assert.Equal(IpcTestClient.PtypeBindNak, nak[2]);
        Assert.Equal(NtStatus.PipeDisconnected, _host.Read(h, 4280, out _));
    }

    [Fact]
    public void AReadCallbackMayReadAgainFromInsideTheWriteThatServedIt()
    {
        var h = _host.OpenBoundSrvsvc();
        TeventReq? inner = null;
        var outer = _host.ReadSend(h, 4280);
        outer.SetCallback(req =>
        {
            Assert.Equal(NtStatus.Success, IpcTestHost.ReadRecv(req, out byte[] first));
            Assert.Equal(20u, IpcTestClient.CallId(first));
            inner = _host.ReadSend(h, 4280);
        });
        _host.Settle();

        Assert.Equal(NtStatus.Success, _host.Write(h, [.. IpcTestClient.NetShareEnumAll(20), .. IpcTestClient.NetShareEnumAll(21)]));
        _host.Ev.LoopUntil(() => inner is not null);
        Assert.Equal(NtStatus.Success, IpcTestHost.ReadRecv(_host.Run(inner!), out byte[] second));
        Assert.Equal(21u, IpcTestClient.CallId(second));
    }

    [Fact]
    public void WkssvcAnswersNetWkstaGetInfo()
    {
        var h = _host.Open("wkssvc");
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.Bind(IpcTestClient.Wkssvc, 1)));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] ack));
        Assert.Equal(@"\PIPE\wkssvc", IpcTestClient.AssertBindAck(ack));

        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.NetWkstaGetInfo(callId: 2)));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] response));
        var d = new TestStubDecoder(IpcTestClient.ReassembleResponse([response], 2));
        Assert.Equal(100u, d.U32());
        Assert.True(d.Pointer());
        Assert.Equal(500u, d.U32());
        Assert.True(d.Pointer());
        Assert.True(d.Pointer());
        Assert.Equal(6u, d.U32());
        Assert.Equal(1u, d.U32());
        Assert.Equal("FILESERVER", d.String());
        Assert.Equal("WORKGROUP", d.String());
        Assert.Equal(0u, d.U32());
    }

    private void SetPipeInformation(IpcPipeHandle h, PipeReadMode readMode, PipeCompletionMode completionMode)
    {
        var buffer = new byte[FilePipeInformation.Size];
        new FilePipeInformation(readMode, completionMode).Write(buffer, out _);
        Assert.Equal(NtStatus.Success, _host.SetInfo(h, Smb2InfoType.File, FileInformationClass.FilePipeInformation, buffer));
    }
}
