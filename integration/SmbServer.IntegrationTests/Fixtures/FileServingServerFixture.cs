using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Fixtures;

/// <summary>
/// The file-serving acceptance configuration: a read-write share for users, a read-write
/// `guest ok` share reached by unknown users (`map to guest = bad user`) and a read-only share.
/// </summary>
public sealed class FileServingServerFixture : ServerFixture
{
    public const string UserShare = "share";
    public const string GuestShare = "public";
    public const string ReadOnlyShare = "readonly";

    protected override ServerSetup CreateSetup() => new ServerSetup()
        .Global("map to guest", "bad user")
        .Share(UserShare, ("comment", "Team share"), ("read only", "no"))
        .Share(GuestShare, ("comment", "Public files"), ("read only", "no"), ("guest ok", "yes"))
        .Share(ReadOnlyShare, ("comment", "Read-only files"), ("read only", "yes"));
}
