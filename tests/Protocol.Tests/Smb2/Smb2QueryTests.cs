using System.Buffers.Binary;
using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2QueryTests
{
    private static readonly Smb2FileId Id = new(3, 4);

    [Fact]
    public void QueryDirectoryRequestHasTheSpecLayout()
    {
        var request = new Smb2QueryDirectoryRequest(FileInformationClass: 0x25, Smb2QueryDirectoryFlags.RestartScans, 0, Id, 0, 0, 65536);
        var m = Smb2TestMessage.Build(Smb2Command.QueryDirectory, (msg, o) => request.Write(msg, o, "*"));
        Assert.Equal("2100 25 01 00000000 0300000000000000 0400000000000000 6000 0200 00000100 2A00".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2QueryDirectoryRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(request with { FileNameOffset = 0x60, FileNameLength = 2 }, parsed);
        Assert.Equal("*", parsed.GetFileNameString(m.Message));
    }

    [Theory]
    [InlineData(0x60, 3)]
    [InlineData(0x60, 4)]
    [InlineData(0x5E, 2)]
    [InlineData(0xFFFF, 0xFFFE)]
    public void QueryDirectoryFileNameOutsideItsPlaceIsInvalid(ushort offset, ushort length)
    {
        var m = Smb2TestMessage.Build(Smb2Command.QueryDirectory, (msg, o) => new Smb2QueryDirectoryRequest().Write(msg, o, "*"));
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[24..], offset);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[26..], length);
        Assert.False(Smb2QueryDirectoryRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    private delegate bool OutputParser(ReadOnlySpan<byte> message, out int offset, out uint length, out byte[] output, out NtStatus error);

    public static TheoryData<string> OutputResponses => ["QueryDirectory", "ChangeNotify", "QueryInfo"];

    private static (BodyWriter Write, BodyWriter WriteInPlace, OutputParser Parse) Response(string name, byte[] output) => name switch
    {
        "QueryDirectory" => ((m, o) => new Smb2QueryDirectoryResponse().Write(m, o, output),
            (m, o) => { output.CopyTo(m[Smb2QueryDirectoryResponse.OutputBufferStart(o)..]); return new Smb2QueryDirectoryResponse().WriteFixedPart(m, o, output.Length); },
            (ReadOnlySpan<byte> m, out int off, out uint len, out byte[] data, out NtStatus e) =>
            {
                bool ok = Smb2QueryDirectoryResponse.TryParse(m, 64, out var r, out e);
                (off, len, data) = (r.OutputBufferOffset, r.OutputBufferLength, ok ? r.GetOutputBuffer(m).ToArray() : []);
                return ok;
            }),
        "ChangeNotify" => ((m, o) => new Smb2ChangeNotifyResponse().Write(m, o, output),
            (m, o) => { output.CopyTo(m[Smb2ChangeNotifyResponse.OutputBufferStart(o)..]); return new Smb2ChangeNotifyResponse().WriteFixedPart(m, o, output.Length); },
            (ReadOnlySpan<byte> m, out int off, out uint len, out byte[] data, out NtStatus e) =>
            {
                bool ok = Smb2ChangeNotifyResponse.TryParse(m, 64, out var r, out e);
                (off, len, data) = (r.OutputBufferOffset, r.OutputBufferLength, ok ? r.GetOutputBuffer(m).ToArray() : []);
                return ok;
            }),
        _ => ((m, o) => new Smb2QueryInfoResponse().Write(m, o, output),
            (m, o) => { output.CopyTo(m[Smb2QueryInfoResponse.OutputBufferStart(o)..]); return new Smb2QueryInfoResponse().WriteFixedPart(m, o, output.Length); },
            (ReadOnlySpan<byte> m, out int off, out uint len, out byte[] data, out NtStatus e) =>
            {
                bool ok = Smb2QueryInfoResponse.TryParse(m, 64, out var r, out e);
                (off, len, data) = (r.OutputBufferOffset, r.OutputBufferLength, ok ? r.GetOutputBuffer(m).ToArray() : []);
                return ok;
            }),
    };

    [Theory]
    [MemberData(nameof(OutputResponses))]
    public void OutputBufferResponsesRoundTrip(string name)
    {
        var output = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        var (write, writeInPlace, parse) = Response(name, output);
        foreach (var writer in new[] { write, writeInPlace })
        {
            var m = Smb2TestMessage.Build(Smb2Command.QueryInfo, writer);
            Assert.Equal("09004800 64000000".Replace(" ", ""), Convert.ToHexString(m.Body[..8]));
            Assert.True(parse(m.Message, out int offset, out uint length, out var data, out _));
            Assert.Equal((0x48, 100u), (offset, length));
            Assert.Equal(output, data);
        }

        var (emptyWrite, _, emptyParse) = Response(name, []);
        var empty = Smb2TestMessage.Build(Smb2Command.QueryInfo, emptyWrite);
        Assert.Equal("090048000000000000", empty.BodyHex);
        Assert.True(emptyParse(empty.Message, out _, out _, out var emptyData, out _));
        Assert.Empty(emptyData);
    }

    [Theory]
    [MemberData(nameof(OutputResponses))]
    public void OutputBufferPastTheEndIsInvalid(string name)
    {
        var (write, _, parse) = Response(name, new byte[10]);
        var m = Smb2TestMessage.Build(Smb2Command.QueryInfo, write);
        Assert.False(parse(m.Truncated(1).Message, out _, out _, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[4..], 0xFFFFFFFF);
        Assert.False(parse(m.Message, out _, out _, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[4..], 10);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[2..], 0x40);
        Assert.False(parse(m.Message, out _, out _, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void ChangeNotifyRequestRoundTrips()
    {
        var request = new Smb2ChangeNotifyRequest(Smb2ChangeNotifyFlags.WatchTree, 4096, Id, CompletionFilter: 0x17);
        var m = Smb2TestMessage.Build(Smb2Command.ChangeNotify, request.Write);
        Assert.Equal("2000 0100 00100000 0300000000000000 0400000000000000 17000000 00000000".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2ChangeNotifyRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(request, parsed);
    }

    [Fact]
    public void QueryInfoRequestRoundTripsWithAndWithoutInput()
    {
        var request = new Smb2QueryInfoRequest(Smb2InfoType.File, FileInfoClass: 0x12, OutputBufferLength: 4096, 0, 0,
            AdditionalInformation: 0, Flags: 0, Id);
        var m = Smb2TestMessage.Build(Smb2Command.QueryInfo, (msg, o) => request.Write(msg, o));
        Assert.Equal("2900 01 12 00100000 0000 0000 00000000 00000000 00000000 0300000000000000 0400000000000000 00".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2QueryInfoRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(request, parsed);

        var eaNames = Hex.Bytes("00000000 03 61626300");
        m = Smb2TestMessage.Build(Smb2Command.QueryInfo, (msg, o) => (request with { FileInfoClass = 0x0F }).Write(msg, o, eaNames));
        Assert.True(Smb2QueryInfoRequest.TryParse(m.Message, 64, out parsed, out _));
        Assert.Equal((ushort)0x68, parsed.InputBufferOffset);
        Assert.Equal(eaNames, parsed.GetInputBuffer(m.Message).ToArray());
        Assert.False(Smb2QueryInfoRequest.TryParse(m.Truncated(1).Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void SetInfoRequestRoundTrips()
    {
        var info = Hex.Bytes("01000000");   // FileDispositionInformation: DeletePending
        var request = new Smb2SetInfoRequest(Smb2InfoType.File, FileInfoClass: 0x0D, 0, 0, 0, Id);
        var m = Smb2TestMessage.Build(Smb2Command.SetInfo, (msg, o) => request.Write(msg, o, info));
        Assert.Equal("2100 01 0D 04000000 6000 0000 00000000 0300000000000000 0400000000000000 01000000".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2SetInfoRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(request with { BufferLength = 4, BufferOffset = 0x60 }, parsed);
        Assert.Equal(info, parsed.GetBuffer(m.Message).ToArray());
    }

    [Theory]
    [InlineData(0x60, 5u)]
    [InlineData(0x58, 4u)]
    [InlineData(0xFFFF, 0xFFFFFFFFu)]
    public void SetInfoBufferOutsideItsPlaceIsInvalid(ushort offset, uint length)
    {
        var m = Smb2TestMessage.Build(Smb2Command.SetInfo, (msg, o) => new Smb2SetInfoRequest().Write(msg, o, new byte[4]));
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[4..], length);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[8..], offset);
        Assert.False(Smb2SetInfoRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }
}
