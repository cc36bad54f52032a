using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2CompoundTests
{
    private const int Prefix = 11;

    /// <summary>ECHO (68 bytes, padded to 72), CLOSE (88), FLUSH (88, last): 248 bytes at offset 11.</summary>
    private static byte[] ThreeElementCompound(out int length)
    {
        var buffer = new byte[Prefix + 248 + 5];
        var message = buffer.AsSpan(Prefix, 248);
        WriteElement(message[..72], Smb2Command.Echo, next: 72, (m, o) => new Smb2EchoRequest().Write(m, o));
        WriteElement(message.Slice(72, 88), Smb2Command.Close, next: 88,
            (m, o) => new Smb2CloseRequest(Smb2CloseFlags.None, new Smb2FileId(1, 2)).Write(m, o));
        WriteElement(message.Slice(160, 88), Smb2Command.Flush, next: 0,
            (m, o) => new Smb2FlushRequest(Smb2FileId.UsePrevious).Write(m, o));
        length = 248;
        return buffer;
    }

    private static void WriteElement(Span<byte> element, Smb2Command command, uint next, BodyWriter body)
    {
        new Smb2Header { Command = command, NextCommand = next, Flags = next == 72 ? 0 : Smb2HeaderFlags.RelatedOperations }
            .Write(element);
        body(element, Smb2Header.Size);
    }

    [Fact]
    public void SplitsAChainIntoItsElements()
    {
        var buffer = ThreeElementCompound(out int length);
        var elements = new List<Smb2CompoundElement>();
        Assert.True(Smb2Compound.TrySplit(buffer.AsSpan(Prefix, length), elements, out var error));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal([new(0, 72), new(72, 88), new(160, 88)], elements);

        var third = elements[2].Slice(buffer.AsSpan(Prefix, length));
        Assert.True(Smb2Header.TryParse(third, out var header, out _));
        Assert.Equal(Smb2Command.Flush, header.Command);
        Assert.True(Smb2FlushRequest.TryParse(third, Smb2Header.Size, out var flush, out _));
        Assert.True(flush.FileId.IsUsePrevious);
    }

    [Fact]
    public void SplitsIntoACallerSpanWithoutAllocating()
    {
        var buffer = ThreeElementCompound(out int length);
        Span<Smb2CompoundElement> elements = stackalloc Smb2CompoundElement[4];
        Assert.True(Smb2Compound.TrySplit(buffer.AsSpan(Prefix, length), elements, out int count, out _));
        Assert.Equal(3, count);
        Assert.Equal(new Smb2CompoundElement(160, 88), elements[2]);
    }

    [Fact]
    public void ASingleMessageIsOneElement()
    {
        var m = Smb2TestMessage.Build(Smb2Command.Echo, (msg, o) => new Smb2EchoRequest().Write(msg, o));
        var elements = new List<Smb2CompoundElement>();
        Assert.True(Smb2Compound.TrySplit(m.Message, elements, out _));
        Assert.Equal([new Smb2CompoundElement(0, 68)], elements);
    }

    [Theory]
    [InlineData(71u)]          // not a multiple of 8
    [InlineData(76u)]          // not a multiple of 8
    [InlineData(64u)]          // shorter than a header and a StructureSize
    [InlineData(248u)]         // points at the end: no room for a next element
    [InlineData(256u)]         // points past the end
    [InlineData(0xFFFFFFF8u)]  // huge
    public void BadNextCommandIsInvalid(uint next)
    {
        var buffer = ThreeElementCompound(out int length);
        Smb2Header.SetNextCommand(buffer.AsSpan(Prefix, 64), next);
        var elements = new List<Smb2CompoundElement>();
        Assert.False(Smb2Compound.TrySplit(buffer.AsSpan(Prefix, length), elements, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void NextCommandLeavingAShortLastElementIsInvalid()
    {
        var buffer = ThreeElementCompound(out int length);
        // The second element now claims 176 bytes, leaving 0 for a third that it says exists.
        Smb2Header.SetNextCommand(buffer.AsSpan(Prefix + 72, 64), 176);
        Assert.False(Smb2Compound.TrySplit(buffer.AsSpan(Prefix, length), new List<Smb2CompoundElement>(), out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        // And one claiming 120 leaves a 56-byte tail, shorter than a header.
        Smb2Header.SetNextCommand(buffer.AsSpan(Prefix + 72, 64), 120);
        Assert.False(Smb2Compound.TrySplit(buffer.AsSpan(Prefix, length), new List<Smb2CompoundElement>(), out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void AnElementThatIsNotSmb2IsInvalid()
    {
        var buffer = ThreeElementCompound(out int length);
        buffer[Prefix + 160] = 0xFF;
        Assert.False(Smb2Compound.TrySplit(buffer.AsSpan(Prefix, length), new List<Smb2CompoundElement>(), out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(65)]
    public void AMessageTooShortForAnElementIsInvalid(int length)
    {
        var buffer = ThreeElementCompound(out _);
        Assert.False(Smb2Compound.TrySplit(buffer.AsSpan(Prefix, length), new List<Smb2CompoundElement>(), out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void MoreElementsThanTheBoundIsInvalid()
    {
        var buffer = ThreeElementCompound(out int length);
        var elements = new List<Smb2CompoundElement>();
        Assert.False(Smb2Compound.TrySplit(buffer.AsSpan(Prefix, length), elements, out var error, maxElements: 2));
        Assert.Equal(NtStatus.InvalidParameter, error);

        Span<Smb2CompoundElement> two = stackalloc Smb2CompoundElement[2];
        Assert.False(Smb2Compound.TrySplit(buffer.AsSpan(Prefix, length), two, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void TheDefaultBoundStopsALongChainOfMinimalElements()
    {
        // 65 elements of 72 bytes each, all chained: one more than the default bound.
        const int count = Smb2Compound.DefaultMaxElements + 1;
        var message = new byte[count * 72];
        for (int i = 0; i < count; i++)
        {
            var element = message.AsSpan(i * 72, 72);
            new Smb2Header { Command = Smb2Command.Echo, NextCommand = i == count - 1 ? 0u : 72u }.Write(element);
            new Smb2EchoRequest().Write(element, 64);
        }
        Assert.False(Smb2Compound.TrySplit(message, new List<Smb2CompoundElement>(), out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        var elements = new List<Smb2CompoundElement>();
        Assert.True(Smb2Compound.TrySplit(message, elements, out _, maxElements: count));
        Assert.Equal(count, elements.Count);
    }

    [Fact]
    public void RandomNextCommandsNeverThrow()
    {
        var random = new Random(1234);
        var buffer = ThreeElementCompound(out int length);
        for (int i = 0; i < 2000; i++)
        {
            var copy = (byte[])buffer.Clone();
            Smb2Header.SetNextCommand(copy.AsSpan(Prefix + 72, 64), (uint)random.Next(-64, 400));
            Smb2Header.SetNextCommand(copy.AsSpan(Prefix, 64), (uint)random.Next(0, 300));
            bool ok = Smb2Compound.TrySplit(copy.AsSpan(Prefix, length), new List<Smb2CompoundElement>(), out var error);
            Assert.Equal(ok, error == NtStatus.Success);
        }
    }
}
