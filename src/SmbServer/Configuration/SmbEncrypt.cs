namespace SmbServer.Configuration;

/// <summary>SMB3 encryption policy (`server smb encrypt`, globally or per share).</summary>
public enum SmbEncrypt
{
    /// <summary>Encryption is not offered: SMB2_GLOBAL_CAP_ENCRYPTION is not advertised and no session or share asks for it.</summary>
    Off,

    /// <summary>Encryption is offered; a client may encrypt, but the server does not ask for it.</summary>
    IfRequired,

    /// <summary>Encryption is offered and turned on (session or share flag) for clients that support it; others still get in.</summary>
    Desired,

    /// <summary>Encryption is required: clients that cannot encrypt are refused (session setup or tree connect fails with ACCESS_DENIED).</summary>
    Required,
}
