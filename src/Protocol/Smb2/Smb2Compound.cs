namespace Protocol.Smb2;

/// <summary>
/// Splits a transport message into the SMB2 messages of a compound chain (MS-SMB2 3.2.4.1.4,
/// 3.3.5.2.7): each header's NextCommand is the offset of the next header from its own start, 0 on
/// the last one.
/// </summary>
public static class Smb2Compound
{
    /// <summary>The bound used when the caller gives none; the server's configuration may change it.</summary>
    public const int DefaultMaxElements = 64;

    /// <summary>
    /// The least an element can be: a header and a StructureSize field. Each command's parser checks
    /// its own fixed part; this only keeps the walk from producing elements no parser could accept.
    /// </summary>
    public const int MinimumElementLength = Smb2Header.Size + 2;

    /// <summary>
    /// Walks the NextCommand chain of <paramref name="message"/> into <paramref name="elements"/>,
    /// at most <paramref name="maxElements"/> of them. Fails with <see cref="NtStatus.InvalidParameter"/>
    /// when a header is not SMB2, a NextCommand is not a multiple of 8, points past the message or
    /// leaves an element shorter than <see cref="MinimumElementLength"/>, or the chain is too long.
    /// On failure <paramref name="elements"/> keeps the elements found before the fault.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> message, List<Smb2CompoundElement> elements, out NtStatus error,
        int maxElements = DefaultMaxElements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        int offset = 0;
        while (true)
        {
            if (elements.Count >= maxElements) return Smb2Wire.Invalid(out error);
            if (!TryNext(message, offset, out var element, out bool last, out error)) return false;
            elements.Add(element);
            if (last) return true;
            offset = element.Offset + element.Length;
        }
    }

    /// <summary>
    /// As the list form, into a caller-owned span: its length is the bound on the element count, so a
    /// stackalloc'd span splits without allocating.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> message, Span<Smb2CompoundElement> elements, out int count,
        out NtStatus error)
    {
        count = 0;
        int offset = 0;
        while (true)
        {
            if (count >= elements.Length) return Smb2Wire.Invalid(out error);
            if (!TryNext(message, offset, out var element, out bool last, out error)) return false;
            elements[count++] = element;
            if (last) return true;
            offset = element.Offset + element.Length;
        }
    }

    private static bool TryNext(ReadOnlySpan<byte> message, int offset, out Smb2CompoundElement element,
        out bool last, out NtStatus error)
    {
        element = default;
        last = false;
        int remaining = message.Length - offset;
        if (remaining < MinimumElementLength)
            return Smb2Wire.Invalid(out error);
        var header = message[offset..];
        if (!Smb2Header.HasProtocolId(header)) return Smb2Wire.Invalid(out error);

        uint next = Smb2Header.GetNextCommand(header);
        if (next == 0)
        {
            element = new Smb2CompoundElement(offset, remaining);
            last = true;
            error = NtStatus.Success;
            return true;
        }
        // MS-SMB2 3.3.5.2.7: every element but the last starts on an 8-byte boundary, so NextCommand is
        // a multiple of 8; it must leave room for this element and point inside the message.
        if ((next & 7) != 0 || next < MinimumElementLength || next >= (uint)remaining)
            return Smb2Wire.Invalid(out error);
        element = new Smb2CompoundElement(offset, (int)next);
        error = NtStatus.Success;
        return true;
    }
}
