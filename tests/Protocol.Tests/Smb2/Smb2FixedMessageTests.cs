using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

/// <summary>The bodies that are only a StructureSize and reserved bytes (MS-SMB2 2.2.7-2.2.12, 2.2.18, 2.2.27-2.2.30, 2.2.40).</summary>
public class Smb2FixedMessageTests
{
    public static TheoryData<string, string> Bodies => new()
    {
        { "LogoffRequest", "04000000" },
        { "LogoffResponse", "04000000" },
        { "TreeDisconnectRequest", "04000000" },
        { "TreeDisconnectResponse", "04000000" },
        { "FlushResponse", "04000000" },
        { "LockResponse", "04000000" },
        { "EchoRequest", "04000000" },
        { "EchoResponse", "04000000" },
        { "CancelRequest", "04000000" },
        { "SetInfoResponse", "0200" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void WritesStructureSizeAndZeroedReservedBytes(string name, string hex)
    {
        var m = Smb2ParserTable.Get(name).Sample();
        Assert.Equal(hex, m.BodyHex);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void ReservedBytesAreIgnoredOnParse(string name, string hex)
    {
        var entry = Smb2ParserTable.Get(name);
        var m = entry.Sample();
        if (hex.Length > 4) m.Body[2..].Fill(0xAB);
        Assert.True(entry.Parse(m.Message, 64, out _));
    }
}
