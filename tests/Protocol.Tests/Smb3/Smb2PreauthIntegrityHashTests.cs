using Protocol.Smb2;

namespace Protocol.Tests.Smb3;

public class Smb2PreauthIntegrityHashTests
{
    [Fact]
    public void ThePublishedExchangeHashesStepByStep()
    {
        using var connection = new Smb2PreauthIntegrityHash();
        Assert.All(connection.Value.ToArray(), b => Assert.Equal(0, b));
        connection.Update(Hex.Bytes(PreauthVectors.NegotiateRequest));
        Assert.Equal(PreauthVectors.AfterNegotiateRequest, Convert.ToHexString(connection.Value));
        connection.Update(Hex.Bytes(PreauthVectors.NegotiateResponse));
        Assert.Equal(PreauthVectors.AfterNegotiateResponse, Convert.ToHexString(connection.Value));

        // The session starts from the connection's value and goes on alone.
        using var session = connection.Clone();
        session.Update(Hex.Embedded(Hex.Bytes(PreauthVectors.SessionSetupRequest1)).Span);
        Assert.Equal(PreauthVectors.AfterSessionSetupRequest1, Convert.ToHexString(session.Value));
        session.Update(Hex.Bytes(PreauthVectors.SessionSetupResponse1));
        Assert.Equal(PreauthVectors.AfterSessionSetupResponse1, Convert.ToHexString(session.Value));
        session.Update(Hex.Bytes(PreauthVectors.SessionSetupRequest2));
        Assert.Equal(PreauthVectors.AfterSessionSetupRequest2, Convert.ToHexString(session.Value));

        Assert.Equal(PreauthVectors.AfterNegotiateResponse, Convert.ToHexString(connection.Value));
    }

    [Fact]
    public void StartsFromAGivenValue()
    {
        using var hash = new Smb2PreauthIntegrityHash(Hex.Bytes(PreauthVectors.AfterSessionSetupResponse1));
        hash.Update(Hex.Bytes(PreauthVectors.SessionSetupRequest2));
        Assert.Equal(PreauthVectors.AfterSessionSetupRequest2, Convert.ToHexString(hash.Value));
        Assert.Throws<ArgumentException>(() => new Smb2PreauthIntegrityHash(new byte[63]));
    }

    [Fact]
    public void UpdateDoesNotAllocate()
    {
        var message = Hex.Bytes(PreauthVectors.NegotiateResponse);
        using var hash = new Smb2PreauthIntegrityHash();
        hash.Update(message);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) hash.Update(message);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
