using System.Text;
using Ntvfs.Posix.Native;
using Protocol;
using Protocol.Fscc;

namespace Ntvfs.Posix;

/// <summary>
/// Extended attributes (MS-FSCC 2.4.15) kept as Linux "user." extended attributes, one per EA:
/// the EA "NAME" is the attribute "user.NAME", the name upper-cased as NTFS stores it (EA names are
/// case-insensitive). That is also how Samba keeps them, so a tree served by either server shows
/// the same EAs. Attributes this server or Samba use for their own metadata (DOS attributes,
/// streams) are not EAs and are never listed or overwritten. Blocking: call from thread jobs.
/// </summary>
internal static class EaStore
{
    private const string Prefix = "user.";

    /// <summary>Names under "user." that hold server metadata, not client EAs.</summary>
    private static readonly string[] Reserved = ["user.smbserver.", "user.DOSATTRIB", "user.DosStream.", "user.SAMBA_"];

    /// <summary>Linux caps one attribute value at 64 KiB; so does the EA format (a 16-bit length).</summary>
    private const int MaxValue = ushort.MaxValue;

    /// <summary>All of the file's EAs, in the order the file system lists them; none is an empty list.</summary>
    public static NtStatus Read(SafeFileDescriptor fd, out List<FileFullEaInformation> eas)
    {
        eas = [];
        byte[] names = new byte[4096];
        int length, errno;
        while ((errno = ExtendedAttributes.Instance.List(fd, names, out length)) == Errno.ERANGE && names.Length < 1 << 20)
            names = new byte[names.Length * 4];
        if (errno == Errno.ENOTSUP)
            return NtStatus.Success; // a file system without user attributes has no EAs
        if (errno != 0)
            return ErrnoMapping.ToNtStatus(errno);
        byte[] value = new byte[MaxValue];
        int start = 0;
        for (int i = 0; i < length; i++)
        {
            if (names[i] != 0) continue;
            string name = Encoding.UTF8.GetString(names, start, i - start);
            start = i + 1;
            if (!IsClientEa(name, out string eaName)) continue;
            errno = ExtendedAttributes.Instance.Get(fd, name, value, out int valueLength);
            if (errno == Errno.ENODATA) continue; // removed meanwhile
            if (errno != 0)
                return ErrnoMapping.ToNtStatus(errno);
            eas.Add(new FileFullEaInformation(0, eaName, value.AsSpan(0, valueLength).ToArray()));
        }
        return NtStatus.Success;
    }

    /// <summary>
    /// MS-FSA 2.1.5.14.3: sets each EA of a validated list (<see cref="FileFullEaInformation.TryParseList"/>);
    /// an empty value deletes the EA (deleting one that does not exist is no error).
    /// </summary>
    public static NtStatus Write(SafeFileDescriptor fd, IReadOnlyList<FileFullEaInformation> eas)
    {
        foreach (FileFullEaInformation ea in eas)
        {
            string name = Prefix + ea.EaName.ToUpperInvariant();
            if (IsReserved(name))
                return NtStatus.InvalidEaName;
            int errno = ea.EaValue.IsEmpty
                ? ExtendedAttributes.Instance.Remove(fd, name)
                : ExtendedAttributes.Instance.Set(fd, name, ea.EaValue.Span, 0);
            if (errno == Errno.ENODATA && ea.EaValue.IsEmpty)
                continue;
            if (errno == Errno.ENOTSUP)
                return NtStatus.EasNotSupported;
            if (errno != 0)
                return ErrnoMapping.ToNtStatus(errno);
        }
        return NtStatus.Success;
    }

    /// <summary>FILE_EA_INFORMATION EaSize: the size of the whole list as FILE_FULL_EA_INFORMATION.</summary>
    public static uint SizeOf(IReadOnlyList<FileFullEaInformation> eas) => (uint)FileFullEaInformation.ListLength(eas);

    private static bool IsClientEa(string attribute, out string eaName)
    {
        eaName = "";
        if (!attribute.StartsWith(Prefix, StringComparison.Ordinal) || IsReserved(attribute)) return false;
        eaName = attribute[Prefix.Length..];
        // Only names an EA can carry: 1 to 255 Latin-1 characters the EA format allows.
        if (eaName.Length is 0 or > byte.MaxValue) return false;
        foreach (char c in eaName)
            if (c > 0xFF) return false;
        return FileFullEaInformation.IsValidEaName(Encoding.Latin1.GetBytes(eaName));
    }

    private static bool IsReserved(string attribute)
    {
        foreach (string r in Reserved)
            if (attribute.StartsWith(r, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
