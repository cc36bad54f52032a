using System.Buffers.Binary;
using Protocol.Encryption;

namespace Protocol.Smb2;

/// <summary>
/// The SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41) in front of every encrypted SMB 3.x message.
/// </summary>
/// <remarks>
/// <code>
///  0               4                                    20
///  | ProtocolId    | Signature (16)                     |
///  20                                                   36
///  | Nonce (16): AES_CCM_Nonce (11) or AES_GCM_Nonce (12), then reserved
///  36                    40          42                 44                         52
///  | OriginalMessageSize | Reserved  | Flags/EncryptionAlgorithm | SessionId (8)   |
/// </code>
/// The authenticated additional data is the 32 bytes from the Nonce on (3.1.4.3). The field at 42 is
/// Flags (SMB2_TRANSFORM_HEADER_FLAG_ENCRYPTED) in 3.1.1 and EncryptionAlgorithm
/// (SMB2_ENCRYPTION_AES128_CCM) in 3.0/3.0.2; both are 0x0001, the only value a receiver accepts
/// (3.3.5.2.1: anything else disconnects).
/// </remarks>
public readonly record struct Smb2TransformHeader(
    Smb2Signature Signature,
    Smb2TransformNonce Nonce,
    uint OriginalMessageSize,
    ushort Flags,
    ulong SessionId)
{
    public const int Size = 52;
    public const uint ProtocolIdValue = 0x424D53FD; // 0xFD 'S' 'M' 'B' on the wire
    public const int ProtocolIdOffset = 0;
    public const int SignatureOffset = 4;
    public const int NonceOffset = 20;
    public const int OriginalMessageSizeOffset = 36;
    public const int ReservedOffset = 40;
    public const int FlagsOffset = 42;
    public const int SessionIdOffset = 44;
    /// <summary>Where the additional authenticated data starts: the Nonce field.</summary>
    public const int AssociatedDataOffset = NonceOffset;
    public const int AssociatedDataSize = Size - NonceOffset;
    /// <summary>SMB2_TRANSFORM_HEADER_FLAG_ENCRYPTED (3.1.1) = SMB2_ENCRYPTION_AES128_CCM (3.0, 3.0.2).</summary>
    public const ushort FlagEncrypted = 0x0001;

    /// <summary>A header for encrypting <paramref name="originalMessageSize"/> bytes; the signature is filled in by the cipher.</summary>
    public static Smb2TransformHeader ForMessage(Smb2TransformNonce nonce, uint originalMessageSize, ulong sessionId)
        => new(Smb2Signature.Zero, nonce, originalMessageSize, FlagEncrypted, sessionId);

    /// <summary>True if <paramref name="message"/> starts with the transform header's ProtocolId (0xFD 'S' 'M' 'B').</summary>
    public static bool IsTransformMessage(ReadOnlySpan<byte> message)
        => message.Length >= sizeof(uint) && BinaryPrimitives.ReadUInt32LittleEndian(message) == ProtocolIdValue;

    /// <summary>
    /// Parses the header of a whole transform message (header plus encrypted message, nothing else).
    /// Fails with InvalidParameter if it is shorter than a header with at least one byte after it,
    /// if the ProtocolId is not 0xFD 'S' 'M' 'B', if OriginalMessageSize is not the number of bytes
    /// that follow the header, or if Flags/EncryptionAlgorithm is not 0x0001 (MS-SMB2 3.3.5.2.1).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> transformMessage, out Smb2TransformHeader header, out NtStatus error)
    {
        header = default;
        if (transformMessage.Length <= Size
            || BinaryPrimitives.ReadUInt32LittleEndian(transformMessage) != ProtocolIdValue)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        uint originalMessageSize = BinaryPrimitives.ReadUInt32LittleEndian(transformMessage[OriginalMessageSizeOffset..]);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(transformMessage[FlagsOffset..]);
        if (originalMessageSize != (uint)(transformMessage.Length - Size) || flags != FlagEncrypted)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        header = new Smb2TransformHeader(
            Smb2Signature.Read(transformMessage[SignatureOffset..]),
            Smb2TransformNonce.Read(transformMessage[NonceOffset..]),
            originalMessageSize,
            flags,
            BinaryPrimitives.ReadUInt64LittleEndian(transformMessage[SessionIdOffset..]));
        error = NtStatus.Success;
        return true;
    }

    /// <summary>Writes the 52 bytes to the start of <paramref name="destination"/> (Reserved as zero).</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException("destination shorter than a transform header", nameof(destination));
        BinaryPrimitives.WriteUInt32LittleEndian(destination, ProtocolIdValue);
        Signature.Write(destination[SignatureOffset..]);
        Nonce.Write(destination[NonceOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[OriginalMessageSizeOffset..], OriginalMessageSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ReservedOffset..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[FlagsOffset..], Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SessionIdOffset..], SessionId);
    }
}
