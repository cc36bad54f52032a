namespace Protocol.Signing;

/// <summary>
/// Which end of the connection a signer works for. AES-GMAC puts the sender's role into the nonce
/// (MS-SMB2 3.1.4.1), so a signature made by one end never verifies as coming from the other: a
/// server's signed response reflected back at it as a request fails verification.
/// </summary>
public enum Smb2SigningRole
{
    Client,
    Server,
}
