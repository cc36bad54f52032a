namespace SmbServer.Users;

/// <summary>
/// Answers "is this user in that Unix group?" for `valid users = @group`. Injected so tests do not
/// depend on the machine's /etc/group.
/// </summary>
public interface IUnixGroupLookup
{
    bool IsMember(string userName, string groupName);
}
