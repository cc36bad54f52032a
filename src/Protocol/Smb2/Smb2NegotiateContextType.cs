namespace Protocol.Smb2;

/// <summary>ContextType of an SMB2_NEGOTIATE_CONTEXT (MS-SMB2 2.2.3.1), SMB2_* without the prefix.</summary>
public enum Smb2NegotiateContextType : ushort
{
    PreauthIntegrityCapabilities = 0x0001,
    EncryptionCapabilities = 0x0002,
    CompressionCapabilities = 0x0003,
    NetnameNegotiateContextId = 0x0005,
    TransportCapabilities = 0x0006,
    RdmaTransformCapabilities = 0x0007,
    SigningCapabilities = 0x0008,
}
