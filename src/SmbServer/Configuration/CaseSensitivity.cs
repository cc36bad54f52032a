namespace SmbServer.Configuration;

/// <summary>
/// `case sensitive`. Both accepted values give case-insensitive names, as Windows clients expect;
/// Samba's `auto` lets SMB1 clients with CIFS Unix extensions ask for case-sensitive names, which
/// SMB2 has no way to ask for. `yes` (case-sensitive names) is refused at load: the posix backend
/// does not implement it.
/// </summary>
public enum CaseSensitivity
{
    Auto,
    No,
}
