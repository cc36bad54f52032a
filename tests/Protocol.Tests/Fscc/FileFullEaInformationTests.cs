using System.Buffers.Binary;
using System.Text;
using Protocol.Fscc;

namespace Protocol.Tests.Fscc;

public class FileFullEaInformationTests
{
    private static FileFullEaInformation Ea(string name, string value, byte flags = 0)
        => new(flags, name, Encoding.ASCII.GetBytes(value));

    [Fact]
    public void List_IsFourByteAligned_AndRoundTrips()
    {
        var list = new List<FileFullEaInformation> { Ea("USER.A", "xyz"), Ea("B", "", FileFullEaInformation.FileNeedEa) };
        int length = FileFullEaInformation.ListLength(list);
        // First entry 8 + 6 + 1 + 3 = 18, padded to 20; second 8 + 1 + 1 + 0 = 10.
        Assert.Equal(30, length);
        var buffer = new byte[length + 11];
        Assert.Equal(length, FileFullEaInformation.WriteList(list, buffer.AsSpan(11)));
        Span<byte> o = buffer.AsSpan(11);
        Assert.Equal(20u, Le.U32(o, 0));
        Assert.Equal(0, o[4]);
        Assert.Equal(6, o[5]);
        Assert.Equal(3, Le.U16(o, 6));
        Assert.Equal("USER.A", Encoding.ASCII.GetString(o.Slice(8, 6)));
        Assert.Equal(0, o[14]);
        Assert.Equal("xyz", Encoding.ASCII.GetString(o.Slice(15, 3)));
        Assert.Equal(0u, Le.U32(o, 20));
        Assert.Equal(0x80, o[24]);

        Assert.True(FileFullEaInformation.TryParseList(buffer.AsSpan(11, length), out var parsed, out var error, out int errorOffset));
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(0, errorOffset);
        Assert.Equal(2, parsed.Count);
        Assert.Equal("USER.A", parsed[0].EaName);
        Assert.Equal("xyz", Encoding.ASCII.GetString(parsed[0].EaValue.Span));
        Assert.Equal(FileFullEaInformation.FileNeedEa, parsed[1].Flags);
        Assert.Equal(0, parsed[1].EaValue.Length);
    }

    private static byte[] Entry(uint next, byte flags, string name, int valueLength, bool terminate = true)
    {
        var b = new byte[Math.Max(8 + name.Length + 1 + valueLength, (int)Math.Min(next, 4096u))];
        BinaryPrimitives.WriteUInt32LittleEndian(b, next);
        b[4] = flags;
        b[5] = (byte)name.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), (ushort)valueLength);
        Encoding.Latin1.GetBytes(name).CopyTo(b, 8);
        b[8 + name.Length] = terminate ? (byte)0 : (byte)'X';
        return b;
    }

    [Fact]
    public void Empty_IsInfoLengthMismatch()
    {
        Assert.False(FileFullEaInformation.TryParseList([], out _, out var error, out _));
        Assert.Equal(NtStatus.InfoLengthMismatch, error);
    }

    [Fact]
    public void TruncatedHeader_IsEaListInconsistent()
    {
        Assert.False(FileFullEaInformation.TryParseList(new byte[7], out _, out var error, out int offset));
        Assert.Equal(NtStatus.EaListInconsistent, error);
        Assert.Equal(0, offset);
    }

    [Fact]
    public void ValueRunningPastTheEnd_IsEaListInconsistent()
    {
        byte[] e = Entry(0, 0, "A", 4);
        Assert.False(FileFullEaInformation.TryParseList(e.AsSpan(0, e.Length - 1), out _, out var error, out _));
        Assert.Equal(NtStatus.EaListInconsistent, error);
        // EaValueLength 0xFFFF with a tiny buffer.
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(6), 0xFFFF);
        Assert.False(FileFullEaInformation.TryParseList(e, out _, out error, out _));
        Assert.Equal(NtStatus.EaListInconsistent, error);
    }

    [Fact]
    public void MissingNulAfterName_IsEaListInconsistent()
    {
        Assert.False(FileFullEaInformation.TryParseList(Entry(0, 0, "A", 1, terminate: false), out _, out var error, out _));
        Assert.Equal(NtStatus.EaListInconsistent, error);
    }

    [Theory]
    [InlineData(6u)]      // not a multiple of 4
    [InlineData(8u)]      // cuts into the entry (entry is 8 + 1 + 1 + 2 = 12)
    [InlineData(16u)]     // points at the end of the 16-byte buffer: nothing there
    [InlineData(0x80000000u)] // far past the end
    public void BadNextEntryOffset_IsEaListInconsistent(uint next)
    {
        var b = new byte[16];
        Entry(next, 0, "A", 2).AsSpan(0, 12).CopyTo(b);
        Assert.False(FileFullEaInformation.TryParseList(b, out _, out var error, out _));
        Assert.Equal(NtStatus.EaListInconsistent, error);
    }

    [Fact]
    public void ErrorOffset_PointsAtTheBadEntry()
    {
        var b = new byte[12 + 12];
        Entry(12, 0, "A", 2).AsSpan(0, 12).CopyTo(b);
        Entry(0, 0, "B*", 1).CopyTo(b, 12);
        Assert.False(FileFullEaInformation.TryParseList(b, out _, out var error, out int offset));
        Assert.Equal(NtStatus.InvalidEaName, error);
        Assert.Equal(12, offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a:b")]
    [InlineData("a\\b")]
    [InlineData("a\u0001")]
    [InlineData("a=b")]
    [InlineData("[x]")]
    public void InvalidNames_AreInvalidEaName(string name)
    {
        Assert.False(FileFullEaInformation.TryParseList(Entry(0, 0, name, 1), out _, out var error, out _));
        Assert.Equal(NtStatus.InvalidEaName, error);
    }

    [Fact]
    public void UndefinedFlag_IsInvalidEaName()
    {
        Assert.False(FileFullEaInformation.TryParseList(Entry(0, 0x01, "A", 1), out _, out var error, out _));
        Assert.Equal(NtStatus.InvalidEaName, error);
    }
}
