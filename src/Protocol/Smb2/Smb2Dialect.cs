namespace Protocol.Smb2;

/// <summary>The dialect revision numbers of MS-SMB2 2.2.3 (Dialects) and 2.2.4 (DialectRevision).</summary>
public enum Smb2Dialect : ushort
{
    /// <summary>SMB 2.0.2.</summary>
    Smb202 = 0x0202,
    /// <summary>SMB 2.1.</summary>
    Smb210 = 0x0210,
    /// <summary>SMB 3.0.</summary>
    Smb300 = 0x0300,
    /// <summary>SMB 3.0.2.</summary>
    Smb302 = 0x0302,
    /// <summary>SMB 3.1.1.</summary>
    Smb311 = 0x0311,
    /// <summary>SMB2 wildcard revision: the answer to an SMB1 NEGOTIATE offering "SMB 2.???" (3.3.5.3.1).</summary>
    Smb2Wildcard = 0x02FF,
}
