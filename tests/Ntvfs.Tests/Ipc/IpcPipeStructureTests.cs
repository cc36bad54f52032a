using System.Buffers.Binary;
using Ntvfs.Ipc;
using Protocol;

namespace Ntvfs.Tests.Ipc;

public class IpcPipeStructureTests
{
    [Fact]
    public void FsctlPipeWaitRequestParsesFromTheMiddleOfALargerBuffer()
    {
        byte[] input = IpcIoctlTests.PipeWaitInput("srvsvc", timeout: 1234, timeoutSpecified: true);
        var buffer = new byte[input.Length + 40];
        input.CopyTo(buffer.AsSpan(17));

        Assert.True(FsctlPipeWaitRequest.TryParse(buffer.AsSpan(17, input.Length), out var request, out NtStatus error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(1234, request.Timeout);
        Assert.True(request.TimeoutSpecified);
        Assert.Equal("srvsvc", request.Name);

        // Bytes after the name are not part of it.
        Assert.True(FsctlPipeWaitRequest.TryParse(buffer.AsSpan(17), out request, out _));
        Assert.Equal("srvsvc", request.Name);
    }

    [Fact]
    public void FsctlPipeWaitRequestWithAnEmptyName()
    {
        Assert.True(FsctlPipeWaitRequest.TryParse(IpcIoctlTests.PipeWaitInput("", timeoutSpecified: false), out var request, out _));
        Assert.Equal("", request.Name);
        Assert.False(request.TimeoutSpecified);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void FsctlPipeWaitRequestShorterThanItsFixedPartIsInvalidParameter(int length)
    {
        Assert.False(FsctlPipeWaitRequest.TryParse(new byte[length], out _, out NtStatus error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Theory]
    [InlineData(14u)]          // two bytes past the end
    [InlineData(0xFFFFFFFFu)]  // huge
    [InlineData(0x80000000u)]  // negative as an int
    [InlineData(3u)]           // odd: not UTF-16
    public void FsctlPipeWaitRequestNameLengthMustFitAndBeEven(uint nameLength)
    {
        byte[] input = IpcIoctlTests.PipeWaitInput("srvsvc"); // 12 name bytes
        BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(8), nameLength);
        Assert.False(FsctlPipeWaitRequest.TryParse(input, out _, out NtStatus error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void FilePipeInformationRoundTrips()
    {
        var buffer = new byte[20];
        var info = new FilePipeInformation(PipeReadMode.ByteStream, PipeCompletionMode.Complete);
        Assert.Equal(NtStatus.Success, info.Write(buffer.AsSpan(5), out int written));
        Assert.Equal(FilePipeInformation.Size, written);
        Assert.True(FilePipeInformation.TryParse(buffer.AsSpan(5, written), out var parsed, out _));
        Assert.Equal(info, parsed);

        Assert.Equal(NtStatus.InfoLengthMismatch, info.Write(new byte[7], out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void FilePipeLocalInformationWritesItsTenFieldsInOrder()
    {
        var info = new FilePipeLocalInformation(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        var buffer = new byte[FilePipeLocalInformation.Size];
        Assert.Equal(NtStatus.Success, info.Write(buffer, out int written));
        Assert.Equal(40, written);
        for (int i = 0; i < 10; i++) Assert.Equal((uint)(i + 1), BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(4 * i)));
        Assert.Equal(NtStatus.InfoLengthMismatch, info.Write(new byte[39], out _));
    }

    [Fact]
    public void FsctlPipePeekReplyHeaderLayout()
    {
        var buffer = new byte[16];
        new FsctlPipePeekReply(3, 0x11223344, 2, 0x55).WriteHeader(buffer);
        Assert.Equal("03000000" + "44332211" + "02000000" + "55000000", Convert.ToHexString(buffer));
    }
}
