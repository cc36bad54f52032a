namespace SmbServer.Configuration;

/// <summary>When a failed logon becomes a guest session (`map to guest`).</summary>
public enum MapToGuest
{
    /// <summary>Failed logons fail.</summary>
    Never,

    /// <summary>A logon with a user name that is not in the user database becomes a guest session.</summary>
    BadUser,

    /// <summary>Also a logon with a wrong password for a known user becomes a guest session.</summary>
    BadPassword,
}
