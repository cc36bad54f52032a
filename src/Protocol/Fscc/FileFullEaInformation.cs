using System.Buffers.Binary;
using System.Text;

namespace Protocol.Fscc;

/// <summary>
/// One FILE_FULL_EA_INFORMATION entry (MS-FSCC 2.4.15): an extended attribute as SMB2 CREATE's
/// SMB2_CREATE_EA_BUFFER context and SET_INFO FileFullEaInformation carry it.
/// <code>
///  0                 4       5              6               8
///  | NextEntryOffset | Flags | EaNameLength | EaValueLength | EaName (8-bit, NUL-terminated) | EaValue
/// </code>
/// Entries are 4-byte aligned and chained by NextEntryOffset, 0 in the last.
/// The name is 8-bit characters; it is decoded as Latin-1 so every byte maps to one char and back.
/// </summary>
public readonly record struct FileFullEaInformation(byte Flags, string EaName, ReadOnlyMemory<byte> EaValue)
{
    public const int EaNameOffset = 8;
    public const int Alignment = 4;

    /// <summary>FILE_NEED_EA: the file cannot be interpreted without this EA. The only defined flag.</summary>
    public const byte FileNeedEa = 0x80;

    /// <summary>Unpadded size of this entry: header, name, its terminating NUL, value.</summary>
    public int EntryLength => EaNameOffset + EaName.Length + 1 + EaValue.Length;

    /// <summary>
    /// Parses and validates a whole EA list, as Windows' EA buffer validity check does before any EA is
    /// applied. Empty input: STATUS_INFO_LENGTH_MISMATCH. Structural faults (a header or entry that runs
    /// past the end, a missing NUL after the name, a NextEntryOffset that is not a multiple of 4, cuts into
    /// the entry or leaves the buffer): STATUS_EA_LIST_INCONSISTENT. An empty name, a name with a character
    /// MS-FSCC 2.4.15 forbids, or a flag other than FILE_NEED_EA: STATUS_INVALID_EA_NAME.
    /// <paramref name="errorOffset"/> is the offset of the offending entry (what SMB2 CREATE reports).
    /// </summary>
    public static bool TryParseList(ReadOnlySpan<byte> input, out List<FileFullEaInformation> entries,
        out NtStatus error, out int errorOffset)
    {
        entries = [];
        errorOffset = 0;
        if (input.IsEmpty)
        {
            error = NtStatus.InfoLengthMismatch;
            return false;
        }
        int offset = 0;
        while (true)
        {
            errorOffset = offset;
            ReadOnlySpan<byte> rest = input[offset..];
            if (rest.Length < EaNameOffset)
            {
                error = NtStatus.EaListInconsistent;
                return false;
            }
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            byte flags = rest[4];
            int nameLength = rest[5];
            int valueLength = BinaryPrimitives.ReadUInt16LittleEndian(rest[6..]);
            int entryLength = EaNameOffset + nameLength + 1 + valueLength;
            if (entryLength > rest.Length || rest[EaNameOffset + nameLength] != 0)
            {
                error = NtStatus.EaListInconsistent;
                return false;
            }
            if (next != 0 && ((next & (Alignment - 1)) != 0 || next < entryLength || next >= (uint)rest.Length))
            {
                error = NtStatus.EaListInconsistent;
                return false;
            }
            ReadOnlySpan<byte> name = rest.Slice(EaNameOffset, nameLength);
            if ((flags & ~FileNeedEa) != 0 || !IsValidEaName(name))
            {
                error = NtStatus.InvalidEaName;
                return false;
            }
            entries.Add(new FileFullEaInformation(flags, Encoding.Latin1.GetString(name),
                rest.Slice(EaNameOffset + nameLength + 1, valueLength).ToArray()));
            if (next == 0)
                break;
            offset += (int)next;
        }
        errorOffset = 0;
        error = NtStatus.Success;
        return true;
    }

    /// <summary>
    /// MS-FSCC 2.4.15 EaName: 1..255 8-bit characters, none of them a control character (0x00-0x1F) or
    /// one of " * + , / : ; &lt; = &gt; ? [ \ ] |.
    /// </summary>
    public static bool IsValidEaName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
            return false;
        foreach (byte c in name)
        {
            if (c < 0x20)
                return false;
            switch ((char)c)
            {
                case '"': case '*': case '+': case ',': case '/': case ':': case ';': case '<':
                case '=': case '>': case '?': case '[': case '\\': case ']': case '|':
                    return false;
            }
        }
        return true;
    }

    /// <summary>Encoded size of a list: each entry but the last padded to 4 bytes.</summary>
    public static int ListLength(IReadOnlyList<FileFullEaInformation> entries)
    {
        int length = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            if (i > 0) length = (length + Alignment - 1) & ~(Alignment - 1);
            length += entries[i].EntryLength;
        }
        return length;
    }

    /// <summary>
    /// Encodes a list (for the EA part of query responses, and tests). Names longer than 255 bytes or values
    /// longer than 65535 bytes are caller bugs. Returns <see cref="ListLength"/>.
    /// </summary>
    public static int WriteList(IReadOnlyList<FileFullEaInformation> entries, Span<byte> output)
    {
        int total = ListLength(entries);
        if (output.Length < total)
            throw new ArgumentException("Output too small for the EA list.", nameof(output));
        output[..total].Clear();
        int offset = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            var ea = entries[i];
            if (ea.EaName.Length > byte.MaxValue || ea.EaValue.Length > ushort.MaxValue)
                throw new ArgumentException("EA name or value too long.", nameof(entries));
            Span<byte> e = output[offset..];
            int entryLength = ea.EntryLength;
            int next = i + 1 < entries.Count ? (entryLength + Alignment - 1) & ~(Alignment - 1) : 0;
            BinaryPrimitives.WriteUInt32LittleEndian(e, (uint)next);
            e[4] = ea.Flags;
            e[5] = (byte)ea.EaName.Length;
            BinaryPrimitives.WriteUInt16LittleEndian(e[6..], (ushort)ea.EaValue.Length);
            Encoding.Latin1.GetBytes(ea.EaName, e[EaNameOffset..]);
            ea.EaValue.Span.CopyTo(e[(EaNameOffset + ea.EaName.Length + 1)..]);
            offset += next;
        }
        return total;
    }
}
