namespace SmbServer.IntegrationTests.Infrastructure;

/// <summary>An account the test server knows, with the NT hash that goes into its smbpasswd file.</summary>
/// <param name="Uid">The Unix uid written to smbpasswd (smbd requires it to match the account).</param>
/// <param name="NtHashHex">MD4(UTF-16LE(Password)), precomputed (see <see cref="TestUsers"/>).</param>
public sealed record TestUser(string Name, string Password, int Uid, string NtHashHex)
{
    /// <summary>smbclient's `-U` argument.</summary>
    public string Credentials => $"{Name}%{Password}";

    /// <summary>
    /// One line of Samba's smbpasswd file: name:uid:LM hash:NT hash:[flags]:LCT-lastchange:
    /// No LM hash (X's). The last-change time must not be 0: smbd reads 0 as "must change the
    /// password at next logon" and refuses the logon, so a fixed 2023 time is written.
    /// </summary>
    public string SmbPasswdLine =>
        $"{Name}:{Uid}:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:{NtHashHex}:[U          ]:LCT-65000000:";
}

/// <summary>
/// The two accounts every test server has. The hashes were computed once with
/// Protocol.Crypto.NtHash.Compute (this project does not link src/):
///   "pass123" -> 5FBC3D5FEC8206A30F4B6C473D68AE76, "otherpw" -> 26ECD50FD801AC762DE35895703FA100.
/// Our server takes any name. smbd only serves names that are Unix accounts, so against it the
/// same two roles are played by accounts every Debian system has (root and daemon).
/// </summary>
public static class TestUsers
{
    private const string Pass123Hash = "5FBC3D5FEC8206A30F4B6C473D68AE76";
    private const string OtherPwHash = "26ECD50FD801AC762DE35895703FA100";

    /// <summary>The main user: may use every share except the one restricted to <see cref="Bob"/>.</summary>
    public static TestUser Alice { get; } = TestTargets.Current == TestTarget.Samba
        ? new TestUser("root", "pass123", 0, Pass123Hash)
        : new TestUser("alice", "pass123", 1000, Pass123Hash);

    /// <summary>The other user: the only one in `valid users` of the restricted share.</summary>
    public static TestUser Bob { get; } = TestTargets.Current == TestTarget.Samba
        ? new TestUser("daemon", "otherpw", 1, OtherPwHash)
        : new TestUser("bob", "otherpw", 1001, OtherPwHash);
}
