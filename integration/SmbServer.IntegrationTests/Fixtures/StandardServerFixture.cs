using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Fixtures;

/// <summary>
/// The server-core acceptance configuration: one share per access rule, default signing
/// (enabled, not required), unknown users mapped to guest.
/// </summary>
public sealed class StandardServerFixture : ServerFixture
{
    public const string PublicComment = "Public files";
    public const string TeamComment = "Team share";
    public const string HiddenComment = "Not listed";
    public const string DeniedComment = "Refuses loopback";
    public const string StaffComment = "Staff only";

    protected override ServerSetup CreateSetup() => new ServerSetup()
        .Global("map to guest", "bad user")
        .Share("public", ("comment", PublicComment), ("read only", "no"), ("guest ok", "yes"))
        .Share("share", ("comment", TeamComment), ("read only", "no"))
        .Share("hidden", ("comment", HiddenComment), ("browseable", "no"))
        .Share("denied", ("comment", DeniedComment), ("hosts deny", "127.0.0.1"))
        .Share("staff", ("comment", StaffComment), ("valid users", TestUsers.Bob.Name));
}
