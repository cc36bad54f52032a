using System.Buffers.Binary;
using System.Text;

namespace Ntvfs.Tests.Ipc;

/// <summary>
/// A deliberately naive NDR 2.0 decoder for the tests, independent of Protocol.Dcerpc.Ndr (adapted from the Protocol tests): aligned little-endian
/// DWORDs and [string] wchar_t pointees, failing the test on anything out of place.
/// </summary>
internal sealed class IpcStubDecoder(byte[] stub)
{
    private int _position;

    public int Position => _position;
    public bool AtEnd => _position == stub.Length;

    public uint U32()
    {
        _position = (_position + 3) & ~3;
        Assert.True(_position + 4 <= stub.Length, "stub ends inside a DWORD");
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(stub.AsSpan(_position));
        _position += 4;
        return value;
    }

    /// <summary>A unique/embedded pointer: true when non-NULL; referent ids must be the 0x0002xxxx sequence.</summary>
    public bool Pointer()
    {
        uint id = U32();
        if (id != 0) Assert.Equal(0x00020000u, id & 0xFFFF0000u);
        return id != 0;
    }

    public string String()
    {
        uint max = U32();
        uint offset = U32();
        uint actual = U32();
        Assert.Equal(0u, offset);
        Assert.Equal(max, actual);
        Assert.True(actual >= 1);
        Assert.True(_position + actual * 2 <= stub.Length, "stub ends inside a string");
        string text = Encoding.Unicode.GetString(stub, _position, (int)actual * 2);
        _position += (int)actual * 2;
        Assert.Equal('\0', text[^1]);
        return text[..^1];
    }

    public sealed record Share(string Name, uint Type, string? Comment, uint? MaxUses, uint? CurrentUses, string? Path);

    /// <summary>NetShareEnumAll's response at level 1, 2 or 502.</summary>
    public static (uint Level, List<Share> Shares, uint Total, uint? Resume, uint Result) ShareEnum(byte[] stub)
    {
        var d = new IpcStubDecoder(stub);
        uint level = d.U32();
        Assert.Equal(level, d.U32());
        Assert.True(d.Pointer());
        uint count = d.U32();
        var shares = new List<Share>();
        if (d.Pointer())
        {
            Assert.Equal(count, d.U32());
            var present = new List<bool[]>();
            var scalars = new List<uint[]>();
            for (int i = 0; i < count; i++)
            {
                // level 1: name*, type, remark*; level 2 adds permissions, max, current, path*, passwd*;
                // 502 adds reserved, sd*.
                int fields = level switch { 1 => 3, 2 => 8, 502 => 10, _ => throw new InvalidOperationException() };
                var raw = new uint[fields];
                for (int f = 0; f < fields; f++) raw[f] = d.U32();
                scalars.Add(raw);
                present.Add(raw.Select(v => v != 0).ToArray());
            }
            foreach (var raw in scalars)
            {
                string name = d.String();
                string? comment = raw[2] != 0 ? d.String() : null;
                string? path = null;
                if (level >= 2)
                {
                    if (raw[6] != 0) path = d.String();
                    Assert.Equal(0u, raw[7]); // no password
                }
                if (level == 502)
                {
                    Assert.Equal(0u, raw[8]);
                    Assert.Equal(0u, raw[9]);
                }
                shares.Add(new Share(name, raw[1], comment, level >= 2 ? raw[4] : null, level >= 2 ? raw[5] : null, path));
            }
        }
        uint total = d.U32();
        uint? resume = d.Pointer() ? d.U32() : null;
        uint result = d.U32();
        Assert.True(d.AtEnd);
        return (level, shares, total, resume, result);
    }
}
