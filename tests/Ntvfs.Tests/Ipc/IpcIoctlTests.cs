using Protocol.Tests.Dcerpc;
using System.Buffers.Binary;
using System.Text;
using Ntvfs.Ipc;
using Protocol;
using Protocol.Fscc;
using Protocol.Smb2;

namespace Ntvfs.Tests.Ipc;

public class IpcIoctlTests
{
    private readonly IpcTestHost _host = new();

    [Fact]
    public void BindAndNetShareEnumAllOverTransceive()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Transceive(h, IpcTestClient.SrvsvcBind(), 4280, out byte[] ack));
        Assert.Equal(@"\PIPE\srvsvc", IpcTestClient.AssertBindAck(ack));

        Assert.Equal(NtStatus.Success, _host.Transceive(h, IpcTestClient.NetShareEnumAll(callId: 2), 4280, out byte[] response));
        var (_, shares, total, _, result) = TestStubDecoder.ShareEnum(IpcTestClient.ReassembleResponse([response], 2));
        Assert.Equal(0u, result);
        Assert.Equal(3u, total);
        Assert.Equal(["IPC$", "data", "public"], shares.Select(s => s.Name));
        Assert.Equal(0, h.ReadDataAvailable);
    }

    [Fact]
    public void TransceiveReplyLargerThanMaxOutputIsBufferOverflowWithTheRestReadable()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Transceive(h, IpcTestClient.SrvsvcBind(), 4280, out _));

        Assert.Equal(NtStatus.BufferOverflow, _host.Transceive(h, IpcTestClient.NetShareEnumAll(callId: 3), 24, out byte[] head));
        Assert.Equal(24, head.Length);
        int whole = IpcTestClient.FragLength(head);
        Assert.Equal(whole - 24, h.ReadDataAvailable);

        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] tail));
        var (_, shares, _, _, _) = TestStubDecoder.ShareEnum(IpcTestClient.ReassembleResponse([[.. head, .. tail]], 3));
        Assert.Equal(3, shares.Count);
    }

    [Fact]
    public void TransceiveReturnsOneFragmentOfAMultiFragmentAnswer()
    {
        for (int i = 0; i < 150; i++)
            _host.Sources.ShareList.Add(new Protocol.Dcerpc.Srvsvc.ShareInfo($"s{i:D3}", Protocol.Dcerpc.Srvsvc.ShareType.DiskTree, "comment", "/srv"));
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Transceive(h, IpcTestClient.SrvsvcBind(), 4280, out _));

        Assert.Equal(NtStatus.Success, _host.Transceive(h, IpcTestClient.NetShareEnumAll(callId: 4), 65536, out byte[] first));
        var fragments = new List<byte[]> { first };
        Assert.True(h.ReadDataAvailable > 0);
        while (h.ReadDataAvailable > 0)
        {
            Assert.Equal(NtStatus.Success, _host.Read(h, 65536, out byte[] next));
            fragments.Add(next);
        }
        var (_, shares, _, _, _) = TestStubDecoder.ShareEnum(IpcTestClient.ReassembleResponse(fragments, 4));
        Assert.Equal(153, shares.Count);
    }

    [Fact]
    public void TransceiveOfAFirstFragmentWaitsForTheAnswerOfALaterWrite()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Transceive(h, IpcTestClient.SrvsvcBind(), 4280, out _));
        byte[] whole = IpcTestClient.NetShareEnumAll(callId: 5);

        // The first half of a PDU completes nothing: the transceive waits for an answer.
        var transceive = _host.IoctlSend(h, PipeFsctl.Transceive, whole[..20], 4280);
        _host.Settle();
        Assert.True(transceive.IsInProgress);
        Assert.Equal(1, h.WaitingReads);

        Assert.Equal(NtStatus.Success, _host.Write(h, whole[20..]));
        _host.Ev.LoopUntil(transceive);
        Assert.Equal(NtStatus.Success, IpcTestHost.IoctlRecv(transceive, out byte[] response));
        Assert.Equal(5u, IpcTestClient.CallId(response));
    }

    [Fact]
    public void AWaitingTransceiveCanBeCancelled()
    {
        var h = _host.Open();
        var transceive = _host.IoctlSend(h, PipeFsctl.Transceive, IpcTestClient.SrvsvcBind()[..10], 4280);
        _host.Settle();
        Assert.True(transceive.Cancel());
        _host.Ev.LoopUntil(transceive);
        Assert.Equal(NtStatus.Cancelled, IpcTestHost.IoctlRecv(transceive, out _));
    }

    [Fact]
    public void TransceiveWithUnreadDataOrAWaitingReadIsPipeBusy()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.PipeBusy, _host.Transceive(h, IpcTestClient.NetShareEnumAll(2), 4280, out _));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] ack));
        IpcTestClient.AssertBindAck(ack);

        var read = _host.ReadSend(h, 4280);
        _host.Settle();
        Assert.Equal(NtStatus.PipeBusy, _host.Transceive(h, IpcTestClient.NetShareEnumAll(3), 4280, out _));
        // The refused transceive wrote nothing: the read is still waiting.
        Assert.True(read.IsInProgress);
        Assert.Equal(0, h.ReadDataAvailable);
        Assert.True(read.Cancel());
        _host.Run(read);
    }

    [Fact]
    public void TransceiveInByteStreamModeIsInvalidPipeState()
    {
        var h = _host.Open();
        var info = new byte[FilePipeInformation.Size];
        new FilePipeInformation(PipeReadMode.ByteStream, PipeCompletionMode.Queue).Write(info, out _);
        Assert.Equal(NtStatus.Success, _host.SetInfo(h, Smb2InfoType.File, FileInformationClass.FilePipeInformation, info));
        Assert.Equal(NtStatus.InvalidPipeState, _host.Transceive(h, IpcTestClient.SrvsvcBind(), 4280, out _));
    }

    [Fact]
    public void TransceiveOrPeekWithoutAnOpenIsFileClosed()
    {
        Assert.Equal(NtStatus.FileClosed, _host.Ioctl(null, PipeFsctl.Transceive, IpcTestClient.SrvsvcBind(), 4280, out _));
        Assert.Equal(NtStatus.FileClosed, _host.Ioctl(null, PipeFsctl.Peek, [], 4280, out _));
    }

    [Fact]
    public void PeekShowsWaitingDataWithoutConsumingIt()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.SrvsvcBind()));
        int length = h.ReadDataAvailable;

        Assert.Equal(NtStatus.Success, _host.Ioctl(h, PipeFsctl.Peek, [], 4280, out byte[] peek));
        Assert.Equal(16 + length, peek.Length);
        Assert.Equal(3u, U32(peek, 0));              // FILE_PIPE_CONNECTED_STATE
        Assert.Equal((uint)length, U32(peek, 4));    // ReadDataAvailable
        Assert.Equal(1u, U32(peek, 8));              // NumberOfMessages
        Assert.Equal((uint)length, U32(peek, 12));   // MessageLength
        Assert.Equal(length, h.ReadDataAvailable);

        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] ack));
        Assert.Equal(peek[16..], ack);
        Assert.Equal(0, h.ReadDataAvailable);
    }

    [Fact]
    public void PeekThatCannotHoldTheMessageIsBufferOverflow()
    {
        var h = _host.OpenBoundSrvsvc();
        Assert.Equal(NtStatus.Success, _host.Write(h, [.. IpcTestClient.NetShareEnumAll(2), .. IpcTestClient.NetShareEnumAll(3)]));
        int total = h.ReadDataAvailable;

        Assert.Equal(NtStatus.BufferOverflow, _host.Ioctl(h, PipeFsctl.Peek, [], 16, out byte[] header));
        Assert.Equal(16, header.Length);
        Assert.Equal((uint)total, U32(header, 4));
        Assert.Equal(2u, U32(header, 8));
        Assert.Equal((uint)total / 2, U32(header, 12));

        Assert.Equal(NtStatus.BufferOverflow, _host.Ioctl(h, PipeFsctl.Peek, [], 26, out byte[] part));
        Assert.Equal(26, part.Length);

        // Reads after a peek see the same messages in the same order, split the same way.
        Assert.Equal(NtStatus.BufferOverflow, _host.Read(h, 10, out byte[] head));
        Assert.Equal(part[16..], head);
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] restOfFirst));
        Assert.Equal(2u, IpcTestClient.CallId([.. head, .. restOfFirst]));

        // A peek of a partly read message reports what is left of it.
        Assert.Equal(NtStatus.BufferOverflow, _host.Read(h, 10, out _));
        Assert.Equal(NtStatus.Success, _host.Ioctl(h, PipeFsctl.Peek, [], 4280, out byte[] peek));
        Assert.Equal((uint)(total / 2 - 10), U32(peek, 4));
        Assert.Equal(1u, U32(peek, 8));
        Assert.Equal((uint)(total / 2 - 10), U32(peek, 12));
        Assert.Equal(NtStatus.Success, _host.Read(h, 4280, out byte[] rest));
        Assert.Equal(peek[16..], rest);
    }

    [Fact]
    public void PeekOfAnEmptyPipeNeverWaits()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Ioctl(h, PipeFsctl.Peek, [], 100, out byte[] peek));
        Assert.Equal(16, peek.Length);
        Assert.Equal(3u, U32(peek, 0));
        Assert.Equal(0u, U32(peek, 4));
        Assert.Equal(0u, U32(peek, 8));
        Assert.Equal(0u, U32(peek, 12));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public void PeekTooSmallForTheFixedPartIsInvalidParameter(int maxOutput)
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.InvalidParameter, _host.Ioctl(h, PipeFsctl.Peek, [], maxOutput, out _));
    }

    [Fact]
    public void PeekedAnswersStillCountAgainstTheUnreadLimit()
    {
        var sources = new IpcTestSources();
        var host = new IpcTestHost(new IpcBackend(sources, sources, new Protocol.Dcerpc.DcerpcPipeOptions { MaxPendingOutput = 100 }));
        var h = host.Open();
        Assert.Equal(NtStatus.Success, host.Write(h, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.Success, host.Write(h, IpcTestClient.NetShareEnumAll(2)));
        Assert.True(h.ReadDataAvailable > 100);
        Assert.Equal(NtStatus.InsufficientResources, host.Write(h, IpcTestClient.NetShareEnumAll(3)));

        // The peek moved the answers out of the DcerpcPipe; they are still unread.
        Assert.Equal(NtStatus.BufferOverflow, host.Ioctl(h, PipeFsctl.Peek, [], 16, out _));
        Assert.Equal(NtStatus.InsufficientResources, host.Write(h, IpcTestClient.NetShareEnumAll(4)));

        Assert.Equal(NtStatus.Success, host.Read(h, 4280, out byte[] ack));
        IpcTestClient.AssertBindAck(ack);
        Assert.Equal(NtStatus.Success, host.Read(h, 4280, out byte[] answer));
        Assert.Equal(2u, IpcTestClient.CallId(answer));
        Assert.Equal(NtStatus.Success, host.Write(h, IpcTestClient.NetShareEnumAll(5)));
    }

    [Theory]
    [InlineData("srvsvc")]
    [InlineData("SRVSVC")]
    [InlineData("wkssvc")]
    public void PipeWaitForARegisteredPipeSucceedsAtOnce(string name)
    {
        Assert.Equal(NtStatus.Success, _host.Ioctl(null, PipeFsctl.Wait, PipeWaitInput(name), 0, out byte[] output));
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("lsarpc")]
    [InlineData("../srvsvc")]
    [InlineData("")]
    public void PipeWaitForAnUnknownPipeIsObjectNameNotFound(string name)
    {
        Assert.Equal(NtStatus.ObjectNameNotFound, _host.Ioctl(null, PipeFsctl.Wait, PipeWaitInput(name), 0, out _));
    }

    [Fact]
    public void PipeWaitOnAnOpenOrMalformedIsInvalidParameter()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.InvalidParameter, _host.Ioctl(h, PipeFsctl.Wait, PipeWaitInput("srvsvc"), 0, out _));
        Assert.Equal(NtStatus.InvalidParameter, _host.Ioctl(null, PipeFsctl.Wait, PipeWaitInput("srvsvc")[..13], 0, out _));
    }

    [Fact]
    public void OtherFsctlsAreInvalidDeviceRequestAndPlainIoctlsNotSupported()
    {
        var h = _host.Open();
        const uint FsctlGetReparsePoint = 0x000900A8;
        const uint FsctlDfsGetReferrals = 0x00060194;
        Assert.Equal(NtStatus.InvalidDeviceRequest, _host.Ioctl(h, FsctlGetReparsePoint, [], 100, out _));
        Assert.Equal(NtStatus.InvalidDeviceRequest, _host.Ioctl(null, FsctlDfsGetReferrals, [], 100, out _));
        Assert.Equal(NtStatus.NotSupported, _host.Ioctl(h, PipeFsctl.Transceive, IpcTestClient.SrvsvcBind(), 100, out _, isFsctl: false));
        Assert.Equal(0, h.ReadDataAvailable);
    }

    private static uint U32(byte[] data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset));

    internal static byte[] PipeWaitInput(string name, long timeout = 50, bool timeoutSpecified = true)
    {
        byte[] nameBytes = Encoding.Unicode.GetBytes(name);
        var input = new byte[FsctlPipeWaitRequest.FixedSize + nameBytes.Length];
        BinaryPrimitives.WriteInt64LittleEndian(input, timeout);
        BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(8), (uint)nameBytes.Length);
        input[12] = timeoutSpecified ? (byte)1 : (byte)0;
        nameBytes.CopyTo(input.AsSpan(FsctlPipeWaitRequest.FixedSize));
        return input;
    }
}
