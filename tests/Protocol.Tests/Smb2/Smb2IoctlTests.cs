using System.Buffers.Binary;
using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2IoctlTests
{
    private const uint FsctlPipeTransceive = 0x0011C017;
    private static readonly byte[] Input = Hex.Bytes("05000B03100000007400000002000000");
    private static readonly byte[] Output = Hex.Bytes("0500");

    [Fact]
    public void RequestRoundTripsWithInputAndOutput()
    {
        var request = new Smb2IoctlRequest { CtlCode = FsctlPipeTransceive, FileId = new Smb2FileId(7, 8), MaxOutputResponse = 4280, Flags = Smb2IoctlFlags.IsFsctl };
        var m = Smb2TestMessage.Build(Smb2Command.Ioctl, (msg, o) => request.Write(msg, o, Input, Output));
        Assert.True(Smb2IoctlRequest.TryParse(m.Message, 64, out var parsed, out var error), error.ToString());
        Assert.Equal(request with { InputOffset = 0x78, InputCount = 16, OutputOffset = 0x88, OutputCount = 2 }, parsed);
        Assert.Equal(Input, parsed.GetInput(m.Message).ToArray());
        Assert.Equal(Output, parsed.GetOutput(m.Message).ToArray());
    }

    [Fact]
    public void RequestWithoutBuffersIsTheFixedPartAndOneByte()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Ioctl, (msg, o) => new Smb2IoctlRequest { CtlCode = 0x00144064 }.Write(msg, o, []));
        Assert.Equal(57, m.Length - 64);
        Assert.True(Smb2IoctlRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.True(parsed.GetInput(m.Message).IsEmpty && parsed.GetOutput(m.Message).IsEmpty);
    }

    [Theory]
    [InlineData(24, 0x78u, 19u)]            // input one past the end (of the output after it)
    [InlineData(24, 0xFFFFFFF0u, 0x20u)]    // input offset + count overflows 32 bits
    [InlineData(24, 0x40u, 16u)]            // input inside the header
    [InlineData(36, 0x88u, 0xFFFFFFFFu)]    // output huge
    [InlineData(36, 0xFFFFFFFFu, 1u)]
    public void RequestBuffersOutsideTheMessageAreInvalid(int field, uint offset, uint count)
    {
        var m = Smb2TestMessage.Build(Smb2Command.Ioctl, (msg, o) => new Smb2IoctlRequest().Write(msg, o, Input, Output));
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[field..], offset);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[(field + 4)..], count);
        Assert.False(Smb2IoctlRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void ResponseWithOutputInPlaceHasBothOffsetsAtTheBuffer()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Ioctl, (msg, o) =>
        {
            Output.CopyTo(msg[Smb2IoctlResponse.BufferStart(o)..]);
            return new Smb2IoctlResponse { CtlCode = FsctlPipeTransceive, FileId = new Smb2FileId(7, 8) }.WriteFixedPart(msg, o, Output.Length);
        });
        Assert.Equal("70000000 00000000 70000000 02000000".Replace(" ", ""), Convert.ToHexString(m.Body.Slice(24, 16)));
        Assert.True(Smb2IoctlResponse.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(Output, parsed.GetOutput(m.Message).ToArray());
        Assert.Equal(FsctlPipeTransceive, parsed.CtlCode);
    }

    [Fact]
    public void ResponseRoundTripsWithInputAndOutput()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Ioctl, (msg, o) => new Smb2IoctlResponse { Flags = Smb2IoctlFlags.IsFsctl }.Write(msg, o, Output, Input));
        Assert.True(Smb2IoctlResponse.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(0x70u, parsed.InputOffset);
        Assert.Equal(0x78u, parsed.OutputOffset);
        Assert.Equal(Output, parsed.GetInput(m.Message).ToArray());
        Assert.Equal(Input, parsed.GetOutput(m.Message).ToArray());
        Assert.Equal(0, m.Message[0x72]);   // padding between input and output is zeroed
    }

    [Fact]
    public void ResponseOutputPastTheEndIsInvalid()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Ioctl, (msg, o) => new Smb2IoctlResponse().Write(msg, o, [], Input));
        Assert.False(Smb2IoctlResponse.TryParse(m.Truncated(1).Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }
}
