using Protocol.Dcerpc.Ndr;

namespace Protocol.Tests.Dcerpc;

public class NdrTests
{
    [Fact]
    public void PrimitivesAreAlignedToTheirSizeWithZeroPadding()
    {
        var w = new NdrWriter();
        w.WriteByte(0xAA);
        w.WriteUInt16(0x1122);
        w.WriteByte(0xBB);
        w.WriteUInt32(0x33445566);
        w.WriteByte(0xCC);
        w.WriteUInt64(0x0102030405060708);
        Assert.Equal("AA002211" + "BB000000" + "66554433" + "CC000000" + "0807060504030201", Convert.ToHexString(w.WrittenSpan));

        var r = new NdrReader(w.WrittenSpan);
        Assert.True(r.TryReadByte(out byte b1));
        Assert.True(r.TryReadUInt16(out ushort u16));
        Assert.True(r.TryReadByte(out byte b2));
        Assert.True(r.TryReadUInt32(out uint u32));
        Assert.True(r.TryReadByte(out byte b3));
        Assert.True(r.TryReadUInt64(out ulong u64));
        Assert.Equal((0xAA, 0x1122, 0xBB, 0x33445566u, 0xCC, 0x0102030405060708ul), (b1, u16, b2, u32, b3, u64));
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void ReferentIdsFollowTheWindowsAndSambaSequence()
    {
        var w = new NdrWriter();
        Assert.True(w.WritePointer(true));
        Assert.False(w.WritePointer(false));
        Assert.True(w.WritePointer(true));
        Assert.Equal("0000020000000000" + "04000200", Convert.ToHexString(w.WrittenSpan));
        w.Reset();
        w.WritePointer(true);
        Assert.Equal("00000200", Convert.ToHexString(w.WrittenSpan));
    }

    [Fact]
    public void FullPointersAliasTheSamePointee()
    {
        var w = new NdrWriter();
        var a = new object();
        var b = new object();
        Assert.True(w.WriteFullPointer(a));
        Assert.True(w.WriteFullPointer(b));
        Assert.False(w.WriteFullPointer(a));
        Assert.False(w.WriteFullPointer(null));
        Assert.Equal("00000200" + "04000200" + "00000200" + "00000000", Convert.ToHexString(w.WrittenSpan));

        var r = new NdrReader(w.WrittenSpan);
        Assert.True(r.TryReadFullPointer(out uint id1, out bool follows1));
        Assert.True(r.TryReadFullPointer(out _, out bool follows2));
        Assert.True(r.TryReadFullPointer(out uint id3, out bool follows3));
        Assert.True(r.TryReadFullPointer(out uint id4, out bool follows4));
        Assert.Equal((true, true, false, false), (follows1, follows2, follows3, follows4));
        Assert.Equal(id1, id3);
        Assert.Equal(0u, id4);
    }

    [Fact]
    public void EmbeddedRefPointerMustNotBeNull()
    {
        var r = new NdrReader(new byte[4]);
        Assert.False(r.TryReadRefPointer(out _));
        r = new NdrReader([0, 0, 2, 0]);
        Assert.True(r.TryReadRefPointer(out uint id));
        Assert.Equal(0x00020000u, id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData(@"\\FILESERVER")]
    [InlineData("Ünïcødé ✓ 𝄞")]
    public void ConformantVaryingStringsRoundTripWithTheNulCounted(string value)
    {
        var w = new NdrWriter();
        w.WriteByte(1); // so the string needs alignment
        w.WriteConformantVaryingString(value);
        w.WriteUInt32(0xFEEDFACE);

        var bytes = w.WrittenSpan.ToArray();
        uint count = (uint)value.Length + 1;
        Assert.Equal(count, BitConverter.ToUInt32(bytes, 4));
        Assert.Equal(0u, BitConverter.ToUInt32(bytes, 8));
        Assert.Equal(count, BitConverter.ToUInt32(bytes, 12));
        Assert.Equal(0, bytes[16 + value.Length * 2] | bytes[17 + value.Length * 2]);

        var r = new NdrReader(bytes);
        Assert.True(r.TryReadByte(out _));
        Assert.True(r.TryReadConformantVaryingString(out string read));
        Assert.Equal(value, read);
        Assert.True(r.TryReadUInt32(out uint tail));
        Assert.Equal(0xFEEDFACE, tail);
        Assert.Equal(0, r.Remaining);
    }

    [Theory]
    [InlineData("03000000" + "00000000" + "03000000" + "41004200", "truncated characters")]
    [InlineData("03000000" + "00000000", "truncated counts")]
    [InlineData("02000000" + "00000000" + "03000000" + "410042000000", "actual count above max count")]
    [InlineData("03000000" + "01000000" + "02000000" + "41000000", "non-zero offset")]
    [InlineData("02000000" + "00000000" + "02000000" + "41004200", "no terminating NUL")]
    [InlineData("03000000" + "00000000" + "03000000" + "410000000000", "embedded NUL")]
    [InlineData("00000000" + "00000000" + "00000000", "zero actual count")]
    [InlineData("FFFFFF7F" + "00000000" + "FFFFFF7F" + "41000000", "huge count")]
    public void MalformedStringsAreRejected(string hex, string why)
    {
        var r = new NdrReader(Convert.FromHexString(hex));
        Assert.False(r.TryReadConformantVaryingString(out _), why);
    }

    [Fact]
    public void HugeConformanceIsRejectedBeforeAnyAllocation()
    {
        var r = new NdrReader(Convert.FromHexString("FFFFFFFF" + "00000000"));
        Assert.False(r.TryReadConformance(4, out _));
        r = new NdrReader(Convert.FromHexString("02000000" + "0000000000000000"));
        Assert.True(r.TryReadConformance(4, out uint count));
        Assert.Equal(2u, count);
    }

    [Fact]
    public void ReadsPastTheEndFail()
    {
        var r = new NdrReader([1, 2, 3]);
        Assert.False(r.TryReadUInt32(out _));
        Assert.False(new NdrReader([1]).TryReadUInt16(out _));
        Assert.False(new NdrReader(new byte[7]).TryReadUInt64(out _));
        Assert.False(new NdrReader([]).TryReadByte(out _));
        Assert.False(new NdrReader(new byte[3]).TryReadBytes(4, out _));
        Assert.False(new NdrReader(new byte[3]).TryReadBytes(-1, out _));

        // Alignment padding itself must be present.
        var padded = new NdrReader([1, 0]);
        Assert.True(padded.TryReadByte(out _));
        Assert.False(padded.TryAlign(4));
    }

    [Fact]
    public void TopLevelUniqueStringReadsNullOrThePointee()
    {
        var w = new NdrWriter();
        w.WritePointer(false);
        if (w.WritePointer(true)) w.WriteConformantVaryingString("x");
        var r = new NdrReader(w.WrittenSpan);
        Assert.True(r.TryReadTopLevelUniqueString(out string? first));
        Assert.True(r.TryReadTopLevelUniqueString(out string? second));
        Assert.Null(first);
        Assert.Equal("x", second);
    }

    [Fact]
    public void WriterGrowsBeyondItsInitialCapacity()
    {
        var w = new NdrWriter(16);
        for (uint i = 0; i < 10000; i++) w.WriteUInt32(i);
        Assert.Equal(40000, w.Length);
        var r = new NdrReader(w.WrittenSpan);
        for (uint i = 0; i < 10000; i++)
        {
            Assert.True(r.TryReadUInt32(out uint v));
            Assert.Equal(i, v);
        }
    }
}
