namespace SmbServer.Configuration;

/// <summary>
/// The SMB2/3 dialects `server min protocol` and `server max protocol` choose between. Values are
/// the DialectRevision numbers of MS-SMB2 2.2.3, so they order the way dialects do.
/// </summary>
public enum SmbDialect : ushort
{
    Smb202 = 0x0202,
    Smb210 = 0x0210,
    Smb300 = 0x0300,
    Smb302 = 0x0302,
    Smb311 = 0x0311,
}
