using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Fixtures;

/// <summary>A server with `server signing = mandatory`.</summary>
public sealed class MandatorySigningServerFixture : ServerFixture
{
    protected override ServerSetup CreateSetup() => new ServerSetup()
        .Global("server signing", "mandatory")
        .Global("map to guest", "bad user")
        .Share("share", ("read only", "no"))
        .Share("public", ("read only", "no"), ("guest ok", "yes"));
}
