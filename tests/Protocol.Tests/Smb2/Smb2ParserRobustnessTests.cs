using System.Buffers.Binary;
using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

/// <summary>Rules every SMB2 body parser keeps, run over all of them (MS-SMB2 2.2, 3.3.5.2.6).</summary>
public class Smb2ParserRobustnessTests
{
    [Theory]
    [MemberData(nameof(Smb2ParserTable.Names), MemberType = typeof(Smb2ParserTable))]
    public void SampleParses(string name)
    {
        var entry = Smb2ParserTable.Get(name);
        var m = entry.Sample();
        Assert.True(entry.Parse(m.Message, 64, out var error), error.ToString());
        Assert.Equal(NtStatus.Success, error);
        Assert.Equal(entry.StructureSize, BinaryPrimitives.ReadUInt16LittleEndian(m.Body));
        Assert.True(m.Length - 64 >= entry.StructureSize, "a written body is never shorter than its StructureSize");
    }

    [Theory]
    [MemberData(nameof(Smb2ParserTable.Names), MemberType = typeof(Smb2ParserTable))]
    public void WrongStructureSizeIsInvalid(string name)
    {
        var entry = Smb2ParserTable.Get(name);
        foreach (ushort wrong in new ushort[] { 0, (ushort)(entry.StructureSize - 1), (ushort)(entry.StructureSize + 1), 0xFFFF })
        {
            var m = entry.Sample();
            BinaryPrimitives.WriteUInt16LittleEndian(m.Body, wrong);
            Assert.False(entry.Parse(m.Message, 64, out var error));
            Assert.Equal(NtStatus.InvalidParameter, error);
        }
    }

    [Theory]
    [MemberData(nameof(Smb2ParserTable.Names), MemberType = typeof(Smb2ParserTable))]
    public void BodyShorterThanItsFixedPartIsInvalid(string name)
    {
        var entry = Smb2ParserTable.Get(name);
        var m = entry.Sample();
        int fixedLength = Math.Max(entry.StructureSize & ~1, 2);
        for (int bodyLength = 0; bodyLength < fixedLength; bodyLength++)
        {
            var cut = m.Truncated(m.Length - 64 - bodyLength);
            Assert.False(entry.Parse(cut.Message, 64, out var error));
            Assert.Equal(NtStatus.InvalidParameter, error);
        }
    }

    [Theory]
    [MemberData(nameof(Smb2ParserTable.Names), MemberType = typeof(Smb2ParserTable))]
    public void BodyOffsetOutsideTheMessageIsInvalid(string name)
    {
        var entry = Smb2ParserTable.Get(name);
        var m = entry.Sample();
        foreach (int offset in new[] { -1, int.MinValue, m.Length, m.Length + 1, int.MaxValue })
        {
            Assert.False(entry.Parse(m.Message, offset, out var error));
            Assert.Equal(NtStatus.InvalidParameter, error);
        }
    }

    [Theory]
    [MemberData(nameof(Smb2ParserTable.Names), MemberType = typeof(Smb2ParserTable))]
    public void EveryTruncationIsHandled(string name)
    {
        var entry = Smb2ParserTable.Get(name);
        var m = entry.Sample();
        for (int cut = 0; cut <= m.Length; cut++)
        {
            bool ok = entry.Parse(m.Truncated(cut).Message, 64, out var error);
            Assert.Equal(ok, error == NtStatus.Success);
            if (!ok) Assert.Equal(NtStatus.InvalidParameter, error);
        }
    }

    /// <summary>
    /// Random corruption of valid messages (offsets, lengths, counts, context chains) never throws:
    /// a parser either refuses with InvalidParameter or accepts, and then every accessor stays inside.
    /// </summary>
    [Theory]
    [MemberData(nameof(Smb2ParserTable.Names), MemberType = typeof(Smb2ParserTable))]
    public void RandomCorruptionNeverThrows(string name)
    {
        var entry = Smb2ParserTable.Get(name);
        var random = new Random(name.Length * 7919 + name[0]);
        var sample = entry.Sample();
        var original = sample.Bytes.ToArray();
        for (int round = 0; round < 3000; round++)
        {
            var bytes = (byte[])original.Clone();
            int flips = bytes.Length > 66 ? random.Next(1, 4) : 0;
            for (int i = 0; i < flips; i++)
            {
                int at = 64 + 2 + random.Next(bytes.Length - 66);   // keep StructureSize: reach the checks after it
                bytes[at] = random.Next(4) switch { 0 => 0xFF, 1 => 0, 2 => (byte)(bytes[at] + random.Next(-8, 9)), _ => (byte)random.Next(256) };
            }
            int length = random.Next(4) == 0 ? random.Next(64, bytes.Length + 1) : bytes.Length;
            bool ok = entry.Parse(bytes.AsSpan(0, length), 64, out var error);
            Assert.True(ok ? error == NtStatus.Success : error == NtStatus.InvalidParameter, error.ToString());
        }
    }
}
