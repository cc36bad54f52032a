namespace SmbServer.IntegrationTests.Clients;

/// <summary>The fields of an SMB2 NEGOTIATE response the tests look at (MS-SMB2 2.2.4).</summary>
public sealed record Smb2NegotiateResponse(uint Status, ushort SecurityMode, ushort DialectRevision)
{
    // MS-SMB2 2.2.4 SecurityMode.
    public const ushort SigningEnabled = 0x0001;
    public const ushort SigningRequired = 0x0002;

    public bool IsSigningEnabled => (SecurityMode & SigningEnabled) != 0;

    public bool IsSigningRequired => (SecurityMode & SigningRequired) != 0;
}
