using System.Buffers.Binary;

namespace Protocol.Security;

/// <summary>
/// An access control list (MS-DTYP 2.4.5): a header followed by AceCount ACEs.
/// <code>
///  0            1      2         4          6      8
///  | AclRevision | Sbz1 | AclSize | AceCount | Sbz2 | ACEs ...
/// </code>
/// </summary>
public sealed class Acl
{
    public const int HeaderLength = 8;

    /// <summary>ACL_REVISION: ACLs whose ACEs are all of the basic types.</summary>
    public const byte AclRevision = 2;

    /// <summary>ACL_REVISION_DS: ACLs that may hold object ACEs.</summary>
    public const byte AclRevisionDs = 4;

    public Acl(byte revision, IReadOnlyList<Ace> aces)
    {
        if (revision != AclRevision && revision != AclRevisionDs)
            throw new ArgumentOutOfRangeException(nameof(revision), "ACL revision is 2 or 4.");
        Revision = revision;
        Aces = aces;
        if (BinaryLength > ushort.MaxValue || aces.Count > ushort.MaxValue)
            throw new ArgumentException("ACL longer than 65535 bytes.", nameof(aces));
    }

    public Acl(IReadOnlyList<Ace> aces) : this(AclRevision, aces) { }

    public byte Revision { get; }
    public IReadOnlyList<Ace> Aces { get; }

    public int BinaryLength
    {
        get
        {
            int length = HeaderLength;
            foreach (var ace in Aces) length += ace.BinaryLength;
            return length;
        }
    }

    /// <summary>Writes the ACL at the start of <paramref name="destination"/>; returns <see cref="BinaryLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        int size = BinaryLength;
        if (destination.Length < size)
            throw new ArgumentException("Destination too small for the ACL.", nameof(destination));
        destination[0] = Revision;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)size);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)Aces.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        int offset = HeaderLength;
        foreach (var ace in Aces)
            offset += ace.Write(destination[offset..]);
        return size;
    }

    /// <summary>
    /// Reads an ACL from the start of <paramref name="data"/>. The ACEs must lie inside AclSize, which must
    /// lie inside <paramref name="data"/>; an unknown revision, an AclSize below the header, or an AceCount
    /// that cannot fit in AclSize give STATUS_INVALID_ACL (checked before any ACE is read, so a huge count
    /// costs nothing).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out Acl acl, out NtStatus error)
    {
        acl = null!;
        if (data.Length < HeaderLength)
        {
            error = NtStatus.InvalidAcl;
            return false;
        }
        byte revision = data[0];
        int size = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        if ((revision != AclRevision && revision != AclRevisionDs)
            || size < HeaderLength || size > data.Length
            || count > (size - HeaderLength) / Ace.HeaderLength)
        {
            error = NtStatus.InvalidAcl;
            return false;
        }
        ReadOnlySpan<byte> body = data[HeaderLength..size];
        var aces = new Ace[count];
        for (int i = 0; i < count; i++)
        {
            if (!Ace.TryParse(body, out aces[i], out int aceSize, out error))
                return false;
            body = body[aceSize..];
        }
        acl = new Acl(revision, aces);
        error = NtStatus.Success;
        return true;
    }
}
