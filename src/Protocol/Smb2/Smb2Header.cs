using System.Buffers.Binary;

namespace Protocol.Smb2;

/// <summary>
/// The SMB2 Packet Header (MS-SMB2 2.2.1): 64 bytes in front of every SMB2 command. The async form
/// (2.2.1.1) carries an <see cref="AsyncId"/>; the sync form (2.2.1.2) carries <see cref="ProcessId"/>
/// (Reserved) and <see cref="TreeId"/>. Which one is on the wire follows <see cref="Smb2HeaderFlags.AsyncCommand"/>.
/// </summary>
/// <remarks>
/// <code>
///  0  ProtocolId 0xFE 'S' 'M' 'B'
///  4  StructureSize (64)           6  CreditCharge
///  8  Status  (responses; SMB 3.x requests: ChannelSequence (2) + Reserved (2))
/// 12  Command                     14  CreditRequest / CreditResponse
/// 16  Flags
/// 20  NextCommand
/// 24  MessageId (8)
/// 32  async: AsyncId (8)  |  sync: Reserved/ProcessId (4), TreeId (4)
/// 40  SessionId (8)
/// 48  Signature (16)
/// </code>
/// </remarks>
public readonly record struct Smb2Header(
    ushort CreditCharge,
    NtStatus Status,
    Smb2Command Command,
    ushort CreditRequestResponse,
    Smb2HeaderFlags Flags,
    uint NextCommand,
    ulong MessageId,
    ulong AsyncId,
    uint ProcessId,
    uint TreeId,
    ulong SessionId,
    Smb2Signature Signature)
{
    public const int Size = 64;
    public const ushort StructureSize = 64;

    public const int ProtocolIdOffset = 0;
    public const int StructureSizeOffset = 4;
    public const int CreditChargeOffset = 6;
    public const int StatusOffset = 8;
    public const int CommandOffset = 12;
    public const int CreditRequestResponseOffset = 14;
    public const int FlagsOffset = 16;
    public const int NextCommandOffset = 20;
    public const int MessageIdOffset = 24;
    public const int AsyncIdOffset = 32;
    public const int ProcessIdOffset = 32;
    public const int TreeIdOffset = 36;
    public const int SessionIdOffset = 40;
    public const int SignatureOffset = 48;

    /// <summary>0xFE 'S' 'M' 'B' as a little-endian uint.</summary>
    public const uint ProtocolIdValue = 0x424D53FE;

    public bool IsAsync => (Flags & Smb2HeaderFlags.AsyncCommand) != 0;
    public bool IsResponse => (Flags & Smb2HeaderFlags.ServerToRedir) != 0;
    public bool IsRelated => (Flags & Smb2HeaderFlags.RelatedOperations) != 0;
    public bool IsSigned => (Flags & Smb2HeaderFlags.Signed) != 0;

    /// <summary>SMB 3.x requests: the ChannelSequence that shares the Status field (MS-SMB2 2.2.1.2).</summary>
    public ushort ChannelSequence => (ushort)Status.Value;

    /// <summary>The I/O priority value (0-7) under <see cref="Smb2HeaderFlags.PriorityMask"/> (SMB 3.1.1).</summary>
    public int Priority => (int)((uint)(Flags & Smb2HeaderFlags.PriorityMask) >> 4);

    /// <summary>True if <paramref name="message"/> starts with the SMB2 ProtocolId 0xFE 'S' 'M' 'B'.</summary>
    public static bool HasProtocolId(ReadOnlySpan<byte> message)
        => message.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(message) == ProtocolIdValue;

    /// <summary>
    /// Reads the header at the start of <paramref name="message"/>: at least 64 bytes, the SMB2
    /// ProtocolId and StructureSize 64, or <see cref="NtStatus.InvalidParameter"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out Smb2Header header, out NtStatus error)
    {
        header = default;
        if (message.Length < Size || !HasProtocolId(message)
            || BinaryPrimitives.ReadUInt16LittleEndian(message[StructureSizeOffset..]) != StructureSize)
            return Smb2Wire.Invalid(out error);

        var flags = (Smb2HeaderFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[FlagsOffset..]);
        bool isAsync = (flags & Smb2HeaderFlags.AsyncCommand) != 0;
        header = new Smb2Header(
            CreditCharge: BinaryPrimitives.ReadUInt16LittleEndian(message[CreditChargeOffset..]),
            Status: new NtStatus(BinaryPrimitives.ReadUInt32LittleEndian(message[StatusOffset..])),
            Command: (Smb2Command)BinaryPrimitives.ReadUInt16LittleEndian(message[CommandOffset..]),
            CreditRequestResponse: BinaryPrimitives.ReadUInt16LittleEndian(message[CreditRequestResponseOffset..]),
            Flags: flags,
            NextCommand: BinaryPrimitives.ReadUInt32LittleEndian(message[NextCommandOffset..]),
            MessageId: BinaryPrimitives.ReadUInt64LittleEndian(message[MessageIdOffset..]),
            AsyncId: isAsync ? BinaryPrimitives.ReadUInt64LittleEndian(message[AsyncIdOffset..]) : 0,
            ProcessId: isAsync ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(message[ProcessIdOffset..]),
            TreeId: isAsync ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(message[TreeIdOffset..]),
            SessionId: BinaryPrimitives.ReadUInt64LittleEndian(message[SessionIdOffset..]),
            Signature: Smb2Signature.Read(message[SignatureOffset..]));
        error = NtStatus.Success;
        return true;
    }

    /// <summary>
    /// Writes the 64 header bytes to the start of <paramref name="destination"/>: the async form when
    /// <see cref="Flags"/> has <see cref="Smb2HeaderFlags.AsyncCommand"/>, else the sync form.
    /// </summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
            throw new ArgumentException($"An SMB2 header needs {Size} bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt32LittleEndian(destination, ProtocolIdValue);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[StructureSizeOffset..], StructureSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[CreditChargeOffset..], CreditCharge);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[StatusOffset..], Status.Value);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[CommandOffset..], (ushort)Command);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[CreditRequestResponseOffset..], CreditRequestResponse);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[FlagsOffset..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[NextCommandOffset..], NextCommand);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[MessageIdOffset..], MessageId);
        if (IsAsync)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[AsyncIdOffset..], AsyncId);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[ProcessIdOffset..], ProcessId);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[TreeIdOffset..], TreeId);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(destination[SessionIdOffset..], SessionId);
        Signature.Write(destination[SignatureOffset..]);
    }

    // In-place access to a header already in a buffer: signing zeroes and fills the signature, compound
    // building sets NextCommand after the next element's position is known, an interim response turns
    // into the async form. Each takes the header span (message[0] = header start); each needs 64 bytes.

    public static Smb2HeaderFlags GetFlags(ReadOnlySpan<byte> header)
        => (Smb2HeaderFlags)BinaryPrimitives.ReadUInt32LittleEndian(header[FlagsOffset..]);

    public static void SetFlags(Span<byte> header, Smb2HeaderFlags flags)
        => BinaryPrimitives.WriteUInt32LittleEndian(header[FlagsOffset..], (uint)flags);

    /// <summary>Sets <paramref name="flags"/> in addition to those already there.</summary>
    public static void AddFlags(Span<byte> header, Smb2HeaderFlags flags) => SetFlags(header, GetFlags(header) | flags);

    /// <summary>Clears <paramref name="flags"/>, keeping the others.</summary>
    public static void RemoveFlags(Span<byte> header, Smb2HeaderFlags flags) => SetFlags(header, GetFlags(header) & ~flags);

    public static Smb2Command GetCommand(ReadOnlySpan<byte> header)
        => (Smb2Command)BinaryPrimitives.ReadUInt16LittleEndian(header[CommandOffset..]);

    public static void SetStatus(Span<byte> header, NtStatus status)
        => BinaryPrimitives.WriteUInt32LittleEndian(header[StatusOffset..], status.Value);

    public static void SetCreditCharge(Span<byte> header, ushort creditCharge)
        => BinaryPrimitives.WriteUInt16LittleEndian(header[CreditChargeOffset..], creditCharge);

    public static void SetCreditRequestResponse(Span<byte> header, ushort credits)
        => BinaryPrimitives.WriteUInt16LittleEndian(header[CreditRequestResponseOffset..], credits);

    public static uint GetNextCommand(ReadOnlySpan<byte> header)
        => BinaryPrimitives.ReadUInt32LittleEndian(header[NextCommandOffset..]);

    public static void SetNextCommand(Span<byte> header, uint nextCommand)
        => BinaryPrimitives.WriteUInt32LittleEndian(header[NextCommandOffset..], nextCommand);

    public static ulong GetMessageId(ReadOnlySpan<byte> header)
        => BinaryPrimitives.ReadUInt64LittleEndian(header[MessageIdOffset..]);

    public static void SetMessageId(Span<byte> header, ulong messageId)
        => BinaryPrimitives.WriteUInt64LittleEndian(header[MessageIdOffset..], messageId);

    /// <summary>
    /// Turns the header into the async form (MS-SMB2 2.2.1.1): sets <see cref="Smb2HeaderFlags.AsyncCommand"/>
    /// and writes <paramref name="asyncId"/> over Reserved/ProcessId and TreeId.
    /// </summary>
    public static void SetAsyncId(Span<byte> header, ulong asyncId)
    {
        AddFlags(header, Smb2HeaderFlags.AsyncCommand);
        BinaryPrimitives.WriteUInt64LittleEndian(header[AsyncIdOffset..], asyncId);
    }

    public static void SetTreeId(Span<byte> header, uint treeId)
        => BinaryPrimitives.WriteUInt32LittleEndian(header[TreeIdOffset..], treeId);

    public static void SetSessionId(Span<byte> header, ulong sessionId)
        => BinaryPrimitives.WriteUInt64LittleEndian(header[SessionIdOffset..], sessionId);

    /// <summary>The 16 signature bytes, in place.</summary>
    public static ReadOnlySpan<byte> GetSignature(ReadOnlySpan<byte> header)
        => header.Slice(SignatureOffset, Smb2Signature.Size);

    /// <summary>Writes 16 signature bytes; a longer MAC is truncated to its first 16 bytes (MS-SMB2 3.1.4.1).</summary>
    public static void SetSignature(Span<byte> header, ReadOnlySpan<byte> signature)
    {
        if (signature.Length < Smb2Signature.Size)
            throw new ArgumentException("A signature is 16 bytes.", nameof(signature));
        signature[..Smb2Signature.Size].CopyTo(header.Slice(SignatureOffset, Smb2Signature.Size));
    }

    /// <summary>Zeroes the signature, as signing and verification need (MS-SMB2 3.1.4.1).</summary>
    public static void ClearSignature(Span<byte> header) => header.Slice(SignatureOffset, Smb2Signature.Size).Clear();
}
