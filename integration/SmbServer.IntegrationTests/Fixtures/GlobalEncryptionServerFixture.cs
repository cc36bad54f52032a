using SmbServer.IntegrationTests.Infrastructure;

namespace SmbServer.IntegrationTests.Fixtures;

/// <summary>
/// `server smb encrypt = required` in [global]: every session must encrypt
/// (SMB2_SESSION_FLAG_ENCRYPT_DATA, MS-SMB2 3.3.5.5.3), so clients that cannot are refused.
/// </summary>
public sealed class GlobalEncryptionServerFixture : ServerFixture
{
    protected override ServerSetup CreateSetup() => new ServerSetup()
        .Global("server smb encrypt", "required")
        .Share("share", ("read only", "no"));
}
