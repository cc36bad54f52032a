namespace Protocol.Signing;

/// <summary>Where the signature lives in an SMB2 header (MS-SMB2 2.2.1): 16 bytes at offset 48 of 64.</summary>
public static class Smb2SignatureField
{
    public const int Offset = 48;
    public const int Size = 16;
    public const int HeaderSize = 64;
    public const int End = Offset + Size;
}
