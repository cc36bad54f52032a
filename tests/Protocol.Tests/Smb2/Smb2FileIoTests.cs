using System.Buffers.Binary;
using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2FileIoTests
{
    private static readonly Smb2FileId Id = new(1, 2);

    [Fact]
    public void CloseRequestAndResponseRoundTrip()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Close, new Smb2CloseRequest(Smb2CloseFlags.PostqueryAttrib, Id).Write);
        Assert.Equal("1800 0100 00000000 0100000000000000 0200000000000000".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2CloseRequest.TryParse(m.Message, 64, out var request, out _));
        Assert.Equal(new Smb2CloseRequest(Smb2CloseFlags.PostqueryAttrib, Id), request);

        var response = new Smb2CloseResponse(Smb2CloseFlags.PostqueryAttrib, 10, 20, 30, 40, 8192, 100, 0x20);
        m = Smb2TestMessage.Build(Smb2Command.Close, response.Write);
        Assert.Equal(60, m.Length - 64);
        Assert.Equal("20000000", Convert.ToHexString(m.Body.Slice(56, 4)));
        Assert.True(Smb2CloseResponse.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(response, parsed);
    }

    [Fact]
    public void FlushRequestRoundTrips()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Flush, new Smb2FlushRequest(Id).Write);
        Assert.Equal("1800 0000 00000000 0100000000000000 0200000000000000".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2FlushRequest.TryParse(m.Message, 64, out var request, out _));
        Assert.Equal(Id, request.FileId);
    }

    [Fact]
    public void ReadRequestRoundTrips()
    {
        var request = new Smb2ReadRequest(Padding: 0x50, Flags: Smb2ReadFlags.None, Length: 65536, Offset: 0x123456789,
            FileId: Id, MinimumCount: 1, Channel: Smb2Channel.None, RemainingBytes: 0, ReadChannelInfoOffset: 0, ReadChannelInfoLength: 0);
        var m = Smb2TestMessage.Build(Smb2Command.Read, (msg, o) => request.Write(msg, o));
        Assert.Equal(49, m.Length - 64);
        Assert.Equal("3100 50 00 00000100 8967452301000000".Replace(" ", ""), Convert.ToHexString(m.Body[..16]));
        Assert.True(Smb2ReadRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(request, parsed);
        Assert.True(parsed.GetReadChannelInfo(m.Message).IsEmpty);

        // A 48-byte body (no Buffer byte) is accepted too.
        Assert.True(Smb2ReadRequest.TryParse(m.Truncated(1).Message, 64, out _, out _));
    }

    [Fact]
    public void ReadRequestChannelInfoPastTheEndIsInvalid()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Read, (msg, o) => new Smb2ReadRequest { Channel = Smb2Channel.RdmaV1 }.Write(msg, o, new byte[16]));
        Assert.True(Smb2ReadRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(16, parsed.GetReadChannelInfo(m.Message).Length);
        Assert.False(Smb2ReadRequest.TryParse(m.Truncated(1).Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void ReadResponseHasTheSpecLayout()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Read, (msg, o) => new Smb2ReadResponse { DataRemaining = 0 }.Write(msg, o, "ABC"u8));
        Assert.Equal("1100 50 00 03000000 00000000 00000000 414243".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2ReadResponse.TryParse(m.Message, 64, out var response, out _));
        Assert.Equal(new Smb2ReadResponse(0x50, 3, 0, 0), response);
        Assert.Equal("ABC"u8.ToArray(), response.GetData(m.Message).ToArray());
    }

    [Fact]
    public void ReadResponseCanBeWrittenAroundDataReadInPlace()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Read, (msg, o) =>
        {
            var data = msg.Slice(Smb2ReadResponse.DataStart(o), 1000);
            data.Fill(0x5A);                       // as a backend's pread into the response would
            return new Smb2ReadResponse().WriteFixedPart(msg, o, data.Length);
        });
        Assert.True(Smb2ReadResponse.TryParse(m.Message, 64, out var response, out _));
        Assert.Equal(1000u, response.DataLength);
        Assert.All(response.GetData(m.Message).ToArray(), b => Assert.Equal(0x5A, b));

        var empty = Smb2TestMessage.Build(Smb2Command.Read, (msg, o) => new Smb2ReadResponse().WriteFixedPart(msg, o, 0));
        Assert.Equal("1100500000000000000000000000000000", empty.BodyHex);
    }

    [Theory]
    [InlineData(0x50, 4u)]          // one past the end
    [InlineData(0x10, 1u)]          // inside the header
    [InlineData(0x50, 0xFFFFFFFFu)] // huge
    public void ReadResponseDataOutsideTheMessageIsInvalid(byte offset, uint length)
    {
        var m = Smb2TestMessage.Build(Smb2Command.Read, (msg, o) => new Smb2ReadResponse().Write(msg, o, "ABC"u8));
        m.Body[2] = offset;
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[4..], length);
        Assert.False(Smb2ReadResponse.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void WriteRequestHasTheSpecLayoutAndExposesItsDataInPlace()
    {
        var request = new Smb2WriteRequest { Offset = 0x1000, FileId = Id, Flags = Smb2WriteFlags.WriteThrough };
        var m = Smb2TestMessage.Build(Smb2Command.Write, (msg, o) => request.Write(msg, o, [1, 2]));
        Assert.Equal(("3100 7000 02000000 0010000000000000 0100000000000000 0200000000000000" +
                      "00000000 00000000 0000 0000 01000000 0102").Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2WriteRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(request with { DataOffset = 0x70, Length = 2 }, parsed);
        Assert.Equal(0x70, parsed.DataOffset);
        Assert.Equal([1, 2], parsed.GetData(m.Message).ToArray());
        Assert.True(parsed.GetWriteChannelInfo(m.Message).IsEmpty);
    }

    [Fact]
    public void ZeroLengthWriteIsValidWhateverItsOffset()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Write, (msg, o) => new Smb2WriteRequest().Write(msg, o, []));
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[2..], 0xFFFF);
        Assert.True(Smb2WriteRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.True(parsed.GetData(m.Message).IsEmpty);
    }

    [Theory]
    [InlineData(0x70, 3u)]              // one past the end
    [InlineData(0x68, 2u)]              // inside the fixed part
    [InlineData(0xFFFF, 2u)]
    [InlineData(0x70, 0xFFFFFFFFu)]     // offset + length past 32 bits
    [InlineData(0xFFFF, 0xFFFFFFFFu)]
    public void WriteDataOutsideTheMessageIsInvalid(ushort offset, uint length)
    {
        var m = Smb2TestMessage.Build(Smb2Command.Write, (msg, o) => new Smb2WriteRequest().Write(msg, o, [1, 2]));
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[2..], offset);
        BinaryPrimitives.WriteUInt32LittleEndian(m.Body[4..], length);
        Assert.False(Smb2WriteRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void WriteChannelInfoPastTheEndIsInvalid()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Write, (msg, o) => new Smb2WriteRequest().Write(msg, o, [1, 2]));
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[40..], 0x70);
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[42..], 16);
        Assert.False(Smb2WriteRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void WriteResponseRoundTrips()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Write, new Smb2WriteResponse(Count: 65536, 0, 0, 0).Write);
        Assert.Equal("1100 0000 00000100 00000000 0000 0000 00".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2WriteResponse.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(65536u, parsed.Count);
    }

    [Fact]
    public void LockRequestHasTheSpecLayout()
    {
        var request = new Smb2LockRequest { LockSequence = (5 << 4) | 3, FileId = Id };
        var m = Smb2TestMessage.Build(Smb2Command.Lock, (msg, o) => request.Write(msg, o,
            [new Smb2LockElement(0x100, 0x10, Smb2LockFlags.ExclusiveLock | Smb2LockFlags.FailImmediately)]));
        Assert.Equal(("3000 0100 53000000 0100000000000000 0200000000000000" +
                      "0001000000000000 1000000000000000 12000000 00000000").Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2LockRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(3, parsed.LockSequenceNumber);
        Assert.Equal(5u, parsed.LockSequenceIndex);
        Assert.Equal(Id, parsed.FileId);
        Assert.Equal(new Smb2LockElement(0x100, 0x10, Smb2LockFlags.ExclusiveLock | Smb2LockFlags.FailImmediately), parsed.GetLock(m.Message, 0));
    }

    [Fact]
    public void LockRequestWithManyLocksRoundTrips()
    {
        var locks = Enumerable.Range(0, 10).Select(i => new Smb2LockElement((ulong)i * 100, 50, Smb2LockFlags.SharedLock)).ToArray();
        var m = Smb2TestMessage.Build(Smb2Command.Lock, (msg, o) => new Smb2LockRequest { FileId = Id }.Write(msg, o, locks));
        Assert.True(Smb2LockRequest.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(10, parsed.LockCount);
        Assert.Equal(locks, Enumerable.Range(0, 10).Select(i => parsed.GetLock(m.Message, i)).ToArray());
    }

    [Theory]
    [InlineData(0)]        // MS-SMB2 3.3.5.14: LockCount 0
    [InlineData(3)]        // more than the message holds
    [InlineData(0xFFFF)]   // huge
    public void BadLockCountIsInvalid(ushort count)
    {
        var m = Smb2TestMessage.Build(Smb2Command.Lock, (msg, o) =>
            new Smb2LockRequest().Write(msg, o, [new Smb2LockElement(0, 1, Smb2LockFlags.Unlock), new Smb2LockElement(1, 1, Smb2LockFlags.Unlock)]));
        BinaryPrimitives.WriteUInt16LittleEndian(m.Body[2..], count);
        Assert.False(Smb2LockRequest.TryParse(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }
}
