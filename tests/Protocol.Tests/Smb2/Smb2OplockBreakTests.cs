using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

public class Smb2OplockBreakTests
{
    private static readonly Smb2FileId Id = new(5, 6);
    private static readonly Guid LeaseKey = new(Hex.Bytes("00112233445566778899AABBCCDDEEFF"));

    [Fact]
    public void OplockFormsShareOneLayout()
    {
        var m = Smb2TestMessage.Build(Smb2Command.OplockBreak, new Smb2OplockBreakNotification(Smb2OplockLevel.II, Id).Write);
        Assert.Equal("1800 01 00 00000000 0500000000000000 0600000000000000".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2OplockBreakNotification.TryParse(m.Message, 64, out var notification, out _));
        Assert.True(Smb2OplockBreakAcknowledgment.TryParse(m.Message, 64, out var ack, out _));
        Assert.True(Smb2OplockBreakResponse.TryParse(m.Message, 64, out var response, out _));
        Assert.Equal((Smb2OplockLevel.II, Id), (notification.OplockLevel, notification.FileId));
        Assert.Equal((Smb2OplockLevel.II, Id), (ack.OplockLevel, ack.FileId));
        Assert.Equal((Smb2OplockLevel.II, Id), (response.OplockLevel, response.FileId));
        Assert.True(Smb2OplockBreak.TryClassify(m.Message, 64, out var kind, out _));
        Assert.Equal(Smb2OplockBreakKind.Oplock, kind);
    }

    [Fact]
    public void LeaseBreakNotificationRoundTrips()
    {
        var notification = new Smb2LeaseBreakNotification(NewEpoch: 2, Smb2LeaseBreakFlags.AckRequired, LeaseKey,
            Smb2LeaseState.ReadCaching | Smb2LeaseState.WriteCaching, Smb2LeaseState.ReadCaching, 0, 0, 0);
        var m = Smb2TestMessage.Build(Smb2Command.OplockBreak, notification.Write);
        Assert.Equal("2C00 0200 01000000 00112233445566778899AABBCCDDEEFF 05000000 01000000 00000000 00000000 00000000".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2LeaseBreakNotification.TryParse(m.Message, 64, out var parsed, out _));
        Assert.Equal(notification, parsed);
        Assert.True(Smb2OplockBreak.TryClassify(m.Message, 64, out var kind, out _));
        Assert.Equal(Smb2OplockBreakKind.LeaseNotification, kind);
    }

    [Fact]
    public void LeaseBreakAcknowledgmentAndResponseRoundTrip()
    {
        var ack = new Smb2LeaseBreakAcknowledgment(0, LeaseKey, Smb2LeaseState.ReadCaching, 0);
        var m = Smb2TestMessage.Build(Smb2Command.OplockBreak, ack.Write);
        Assert.Equal("2400 0000 00000000 00112233445566778899AABBCCDDEEFF 01000000 0000000000000000".Replace(" ", ""), m.BodyHex);
        Assert.True(Smb2LeaseBreakAcknowledgment.TryParse(m.Message, 64, out var parsedAck, out _));
        Assert.Equal(ack, parsedAck);
        Assert.True(Smb2OplockBreak.TryClassify(m.Message, 64, out var kind, out _));
        Assert.Equal(Smb2OplockBreakKind.Lease, kind);

        var response = new Smb2LeaseBreakResponse(0, LeaseKey, Smb2LeaseState.None, 0);
        m = Smb2TestMessage.Build(Smb2Command.OplockBreak, response.Write);
        Assert.True(Smb2LeaseBreakResponse.TryParse(m.Message, 64, out var parsedResponse, out _));
        Assert.Equal(response, parsedResponse);
    }

    [Theory]
    [InlineData("1900")]
    [InlineData("0000")]
    [InlineData("24")]
    [InlineData("")]
    public void UnknownOrMissingStructureSizeCannotBeClassified(string body)
    {
        var m = Smb2TestMessage.FromBody(Smb2Command.OplockBreak, Hex.Bytes(body));
        Assert.False(Smb2OplockBreak.TryClassify(m.Message, 64, out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
        Assert.False(Smb2OplockBreak.TryClassify(m.Message, -1, out _, out error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }
}
