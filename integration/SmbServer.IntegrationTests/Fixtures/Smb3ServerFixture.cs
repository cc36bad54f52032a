using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Fixtures;

/// <summary>
/// The SMB3 acceptance configuration: default encryption policy (`if_required`: offered, used when
/// the client or a share asks) with a read-write share, and a share that requires encryption.
/// </summary>
public sealed class Smb3ServerFixture : ServerFixture
{
    /// <summary>A share with `smb encrypt = required` (SMB2_SHAREFLAG_ENCRYPT_DATA, MS-SMB2 3.3.5.7).</summary>
    public const string SealedShare = "sealed";

    protected override ServerSetup CreateSetup() => new ServerSetup()
        .Share("share", ("read only", "no"))
        .Share(SealedShare, ("read only", "no"), ("smb encrypt", "required"));
}
