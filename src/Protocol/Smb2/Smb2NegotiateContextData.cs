namespace Protocol.Smb2;

/// <summary>A negotiate context to write: its type and its already-encoded Data (MS-SMB2 2.2.3.1, 2.2.4.1).</summary>
public readonly record struct Smb2NegotiateContextData(Smb2NegotiateContextType ContextType, ReadOnlyMemory<byte> Data);
