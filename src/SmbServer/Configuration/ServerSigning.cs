namespace SmbServer.Configuration;

/// <summary>The server's signing policy (`server signing`).</summary>
public enum ServerSigning
{
    /// <summary>Signing enabled but not required: sessions are signed when the client requires it.</summary>
    Auto,

    /// <summary>
    /// The server sets SMB2_NEGOTIATE_SIGNING_REQUIRED (MS-SMB2 2.2.4) and signs every session
    /// that is not guest or anonymous.
    /// </summary>
    Mandatory,

    /// <summary>
    /// The server does not ask for signing. MS-SMB2 3.3.5.5 still makes it sign a session whose
    /// client requires signing, so this differs from <see cref="Auto"/> only in what is advertised.
    /// </summary>
    Disabled,
}
