using System.Buffers.Binary;

namespace Protocol.Security;

/// <summary>
/// An access control entry (MS-DTYP 2.4.4).
/// <code>
///  0         1          2         4           8
///  | AceType | AceFlags | AceSize | Mask (4)  | Sid (variable) | application data (callback ACEs)
/// </code>
/// The types that share the "header, Mask, Sid" layout (ACCESS_ALLOWED_ACE 2.4.4.2, ACCESS_DENIED_ACE 2.4.4.4,
/// SYSTEM_AUDIT_ACE 2.4.4.10, the callback variants and SYSTEM_MANDATORY_LABEL_ACE 2.4.4.13) are decoded;
/// any bytes after the SID up to AceSize are kept in <see cref="TrailingData"/>. Other types (object ACEs,
/// compound ACEs) are kept opaque in <see cref="TrailingData"/> with <see cref="Sid"/> null, so an ACL we
/// do not understand still round-trips byte for byte.
/// </summary>
public sealed record Ace
{
    public const int HeaderLength = 4;

    public Ace(AceType type, AceFlags flags, AccessMask mask, SecurityIdentifier? sid, ReadOnlyMemory<byte> trailingData = default)
    {
        if (HasMaskAndSid(type) && sid is null)
            throw new ArgumentNullException(nameof(sid), "This ACE type carries a SID.");
        Type = type;
        Flags = flags;
        Mask = mask;
        Sid = HasMaskAndSid(type) ? sid : null;
        TrailingData = trailingData;
        if (BinaryLength > ushort.MaxValue)
            throw new ArgumentException("ACE longer than 65535 bytes.", nameof(trailingData));
    }

    public AceType Type { get; }
    public AceFlags Flags { get; }

    /// <summary>The access mask; 0 for opaque ACE types.</summary>
    public AccessMask Mask { get; }

    /// <summary>The trustee; null for opaque ACE types.</summary>
    public SecurityIdentifier? Sid { get; }

    /// <summary>Bytes after the SID (callback application data), or the whole body of an opaque ACE type.</summary>
    public ReadOnlyMemory<byte> TrailingData { get; }

    public static Ace AccessAllowed(SecurityIdentifier sid, AccessMask mask, AceFlags flags = AceFlags.None)
        => new(AceType.AccessAllowed, flags, mask, sid);

    public static Ace AccessDenied(SecurityIdentifier sid, AccessMask mask, AceFlags flags = AceFlags.None)
        => new(AceType.AccessDenied, flags, mask, sid);

    /// <summary>Whether the type has the "Mask then Sid" body this class decodes.</summary>
    public static bool HasMaskAndSid(AceType type) => type switch
    {
        AceType.AccessAllowed or AceType.AccessDenied or AceType.SystemAudit or AceType.SystemAlarm
            or AceType.AccessAllowedCallback or AceType.AccessDeniedCallback
            or AceType.SystemAuditCallback or AceType.SystemAlarmCallback
            or AceType.SystemMandatoryLabel or AceType.SystemResourceAttribute
            or AceType.SystemScopedPolicyId => true,
        _ => false,
    };

    /// <summary>
    /// Encoded size: the header, the body, rounded up to a multiple of 4 because MS-DTYP 2.4.4.1 requires
    /// AceSize to keep the next ACE DWORD aligned.
    /// </summary>
    public int BinaryLength
    {
        get
        {
            int body = Sid is null ? TrailingData.Length : 4 + Sid.BinaryLength + TrailingData.Length;
            return (HeaderLength + body + 3) & ~3;
        }
    }

    /// <summary>Writes the ACE at the start of <paramref name="destination"/>; returns <see cref="BinaryLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        int size = BinaryLength;
        if (destination.Length < size)
            throw new ArgumentException("Destination too small for the ACE.", nameof(destination));
        Span<byte> ace = destination[..size];
        ace.Clear();
        ace[0] = (byte)Type;
        ace[1] = (byte)Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(ace[2..], (ushort)size);
        int offset = HeaderLength;
        if (Sid is not null)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(ace[offset..], (uint)Mask);
            offset += 4;
            offset += Sid.Write(ace[offset..]);
        }
        TrailingData.Span.CopyTo(ace[offset..]);
        return size;
    }

    /// <summary>
    /// Reads one ACE from the start of <paramref name="data"/>; <paramref name="aceSize"/> is its AceSize.
    /// AceSize below the header, not a multiple of 4, past the end of the data, or too small for the
    /// Mask and SID of its type gives STATUS_INVALID_ACL; a bad SID gives STATUS_INVALID_SID.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out Ace ace, out int aceSize, out NtStatus error)
    {
        ace = null!;
        aceSize = 0;
        if (data.Length < HeaderLength)
        {
            error = NtStatus.InvalidAcl;
            return false;
        }
        var type = (AceType)data[0];
        var flags = (AceFlags)data[1];
        int size = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        if (size < HeaderLength || (size & 3) != 0 || size > data.Length)
        {
            error = NtStatus.InvalidAcl;
            return false;
        }
        ReadOnlySpan<byte> body = data[HeaderLength..size];
        if (!HasMaskAndSid(type))
        {
            ace = new Ace(type, flags, AccessMask.None, null, body.ToArray());
            aceSize = size;
            error = NtStatus.Success;
            return true;
        }
        if (body.Length < 4 + SecurityIdentifier.HeaderLength)
        {
            error = NtStatus.InvalidAcl;
            return false;
        }
        var mask = (AccessMask)BinaryPrimitives.ReadUInt32LittleEndian(body);
        if (!SecurityIdentifier.TryParse(body[4..], out var sid, out error))
            return false;
        ReadOnlySpan<byte> trailing = body[(4 + sid.BinaryLength)..];
        // Padding that only rounds AceSize up to 4 is not application data: keep it out of TrailingData so
        // that a re-encoded plain ACE is byte-identical (Write pads with zeros again).
        bool onlyPadding = trailing.Length < 4 && !trailing.ContainsAnyExcept((byte)0);
        ace = new Ace(type, flags, mask, sid, onlyPadding ? ReadOnlyMemory<byte>.Empty : trailing.ToArray());
        aceSize = size;
        error = NtStatus.Success;
        return true;
    }
}
