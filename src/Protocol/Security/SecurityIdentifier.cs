using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Protocol.Security;

/// <summary>
/// A SID (MS-DTYP 2.4.2). Immutable; compares by value.
/// <code>
///  0          1                   2        8
///  | Revision | SubAuthorityCount | IdentifierAuthority (6, big-endian) | SubAuthority[n] (4 each, little-endian)
/// </code>
/// </summary>
public sealed class SecurityIdentifier : IEquatable<SecurityIdentifier>
{
    /// <summary>SID_REVISION (MS-DTYP 2.4.2.2): the only revision defined.</summary>
    public const byte SidRevision = 1;

    /// <summary>MS-DTYP 2.4.2.2: SubAuthorityCount is at most 15.</summary>
    public const int MaxSubAuthorities = 15;

    /// <summary>The fixed part before the sub-authorities.</summary>
    public const int HeaderLength = 8;

    /// <summary>The largest value the 48-bit IdentifierAuthority can hold.</summary>
    public const ulong MaxIdentifierAuthority = 0xFFFF_FFFF_FFFFUL;

    // MS-DTYP 2.4.2.1 well-known identifier authorities.
    public const ulong NullAuthority = 0;
    public const ulong WorldAuthority = 1;
    public const ulong LocalAuthority = 2;
    public const ulong CreatorAuthority = 3;
    public const ulong NtAuthority = 5;

    /// <summary>
    /// The authority Samba uses for Unix ids that map to no Windows account: S-1-22-1-uid for users and
    /// S-1-22-2-gid for groups. Not in MS-DTYP; it is Samba's convention, which Windows clients show as
    /// "Unix User\name" / "Unix Group\name" when the server resolves them through LSA.
    /// </summary>
    public const ulong UnixAuthority = 22;
    private const uint UnixUsersRid = 1;
    private const uint UnixGroupsRid = 2;

    private readonly uint[] _subAuthorities;

    public SecurityIdentifier(ulong identifierAuthority, params ReadOnlySpan<uint> subAuthorities)
    {
        if (identifierAuthority > MaxIdentifierAuthority)
            throw new ArgumentOutOfRangeException(nameof(identifierAuthority), "IdentifierAuthority is 48 bits.");
        if (subAuthorities.Length > MaxSubAuthorities)
            throw new ArgumentOutOfRangeException(nameof(subAuthorities), "A SID has at most 15 sub-authorities.");
        IdentifierAuthority = identifierAuthority;
        _subAuthorities = subAuthorities.ToArray();
    }

    public byte Revision => SidRevision;
    public ulong IdentifierAuthority { get; }
    public ReadOnlySpan<uint> SubAuthorities => _subAuthorities;
    public int SubAuthorityCount => _subAuthorities.Length;

    /// <summary>The relative identifier: the last sub-authority (0 for a SID without any).</summary>
    public uint Rid => _subAuthorities.Length == 0 ? 0 : _subAuthorities[^1];

    /// <summary>Encoded size in bytes: 8 + 4 * SubAuthorityCount.</summary>
    public int BinaryLength => HeaderLength + 4 * _subAuthorities.Length;

    // ---- Well-known SIDs (MS-DTYP 2.4.2.4) ----
    public static SecurityIdentifier Null { get; } = new(NullAuthority, 0);                 // S-1-0-0
    public static SecurityIdentifier Everyone { get; } = new(WorldAuthority, 0);            // S-1-1-0
    public static SecurityIdentifier CreatorOwner { get; } = new(CreatorAuthority, 0);      // S-1-3-0
    public static SecurityIdentifier CreatorGroup { get; } = new(CreatorAuthority, 1);      // S-1-3-1
    public static SecurityIdentifier Anonymous { get; } = new(NtAuthority, 7);              // S-1-5-7
    public static SecurityIdentifier AuthenticatedUsers { get; } = new(NtAuthority, 11);    // S-1-5-11
    public static SecurityIdentifier LocalSystem { get; } = new(NtAuthority, 18);           // S-1-5-18
    public static SecurityIdentifier BuiltinAdministrators { get; } = new(NtAuthority, 32, 544); // S-1-5-32-544
    public static SecurityIdentifier BuiltinUsers { get; } = new(NtAuthority, 32, 545);     // S-1-5-32-545
    public static SecurityIdentifier BuiltinGuests { get; } = new(NtAuthority, 32, 546);    // S-1-5-32-546

    /// <summary>S-1-22-1-uid: a Unix user with no Windows account mapping (Samba's convention).</summary>
    public static SecurityIdentifier FromUnixUser(uint uid) => new(UnixAuthority, UnixUsersRid, uid);

    /// <summary>S-1-22-2-gid: a Unix group with no Windows account mapping (Samba's convention).</summary>
    public static SecurityIdentifier FromUnixGroup(uint gid) => new(UnixAuthority, UnixGroupsRid, gid);

    /// <summary>
    /// A domain account: S-1-5-21-a-b-c-rid, where <paramref name="domainSubAuthorities"/> are the three
    /// machine/domain identifier values (MS-DTYP 2.4.2.4, DOMAIN_USER_RID_* etc.).
    /// </summary>
    public static SecurityIdentifier FromDomain(uint a, uint b, uint c, uint rid) => new(NtAuthority, 21, a, b, c, rid);

    public bool TryGetUnixUser(out uint uid) => TryGetUnix(UnixUsersRid, out uid);
    public bool TryGetUnixGroup(out uint gid) => TryGetUnix(UnixGroupsRid, out gid);

    private bool TryGetUnix(uint kind, out uint id)
    {
        if (IdentifierAuthority == UnixAuthority && _subAuthorities.Length == 2 && _subAuthorities[0] == kind)
        {
            id = _subAuthorities[1];
            return true;
        }
        id = 0;
        return false;
    }

    /// <summary>
    /// Reads a SID from the start of <paramref name="data"/>; it occupies <see cref="BinaryLength"/> bytes.
    /// Truncated data, a revision other than 1 or more than 15 sub-authorities give STATUS_INVALID_SID.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out SecurityIdentifier sid, out NtStatus error)
    {
        sid = Null;
        if (data.Length < HeaderLength)
        {
            error = NtStatus.InvalidSid;
            return false;
        }
        byte revision = data[0];
        int count = data[1];
        if (revision != SidRevision || count > MaxSubAuthorities || data.Length < HeaderLength + 4 * count)
        {
            error = NtStatus.InvalidSid;
            return false;
        }
        ulong authority = 0;
        for (int i = 2; i < HeaderLength; i++) authority = (authority << 8) | data[i];
        Span<uint> subs = stackalloc uint[count];
        for (int i = 0; i < count; i++)
            subs[i] = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(HeaderLength + 4 * i, 4));
        sid = new SecurityIdentifier(authority, subs);
        error = NtStatus.Success;
        return true;
    }

    /// <summary>Writes the SID at the start of <paramref name="destination"/> and returns <see cref="BinaryLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        int length = BinaryLength;
        if (destination.Length < length)
            throw new ArgumentException("Destination too small for the SID.", nameof(destination));
        destination[0] = SidRevision;
        destination[1] = (byte)_subAuthorities.Length;
        ulong authority = IdentifierAuthority;
        for (int i = HeaderLength - 1; i >= 2; i--)
        {
            destination[i] = (byte)authority;
            authority >>= 8;
        }
        for (int i = 0; i < _subAuthorities.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(HeaderLength + 4 * i, 4), _subAuthorities[i]);
        return length;
    }

    /// <summary>
    /// Parses the string form "S-1-5-21-..." (MS-DTYP 2.4.2.1). The authority may be decimal, or hexadecimal
    /// with a 0x prefix (the form used for values of 2^32 and above).
    /// </summary>
    public static bool TryParseString(ReadOnlySpan<char> text, out SecurityIdentifier sid)
    {
        sid = Null;
        if (text.Length < 4 || (text[0] != 'S' && text[0] != 's') || text[1] != '-')
            return false;
        text = text[2..];
        int dash = text.IndexOf('-');
        if (dash <= 0 || !uint.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out uint revision)
            || revision != SidRevision)
            return false;
        text = text[(dash + 1)..];
        dash = text.IndexOf('-');
        ReadOnlySpan<char> authorityText = dash < 0 ? text : text[..dash];
        ulong authority;
        if (authorityText.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            if (!ulong.TryParse(authorityText[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out authority))
                return false;
        }
        else if (!ulong.TryParse(authorityText, NumberStyles.None, CultureInfo.InvariantCulture, out authority))
        {
            return false;
        }
        if (authority > MaxIdentifierAuthority)
            return false;

        Span<uint> subs = stackalloc uint[MaxSubAuthorities];
        int count = 0;
        while (dash >= 0)
        {
            text = text[(dash + 1)..];
            dash = text.IndexOf('-');
            ReadOnlySpan<char> part = dash < 0 ? text : text[..dash];
            if (count == MaxSubAuthorities
                || !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out subs[count]))
                return false;
            count++;
        }
        sid = new SecurityIdentifier(authority, subs[..count]);
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(16 + 11 * _subAuthorities.Length);
        sb.Append("S-1-");
        // MS-DTYP 2.4.2.1: authorities below 2^32 print in decimal, larger ones in hexadecimal.
        if (IdentifierAuthority < 0x1_0000_0000UL)
            sb.Append(IdentifierAuthority.ToString(CultureInfo.InvariantCulture));
        else
            sb.Append("0x").Append(IdentifierAuthority.ToString("X12", CultureInfo.InvariantCulture));
        foreach (uint sub in _subAuthorities)
            sb.Append('-').Append(sub.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    public bool Equals(SecurityIdentifier? other)
        => other is not null && IdentifierAuthority == other.IdentifierAuthority
           && _subAuthorities.AsSpan().SequenceEqual(other._subAuthorities);

    public override bool Equals(object? obj) => Equals(obj as SecurityIdentifier);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IdentifierAuthority);
        foreach (uint sub in _subAuthorities) hash.Add(sub);
        return hash.ToHashCode();
    }

    public static bool operator ==(SecurityIdentifier? left, SecurityIdentifier? right)
        => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SecurityIdentifier? left, SecurityIdentifier? right) => !(left == right);
}
