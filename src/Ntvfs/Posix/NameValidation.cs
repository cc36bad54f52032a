using System.Text;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// Rules for one path component (a file or directory name) arriving from a client.
/// </summary>
/// <remarks>
/// Decisions (where Windows, Samba and the specs leave room):
/// <list type="bullet">
/// <item>MS-FSCC 2.1.5.2: every Unicode character is legal except " \ / : | &lt; &gt; * ? and
/// 0x00-0x1F; a name is 1 to 255 characters. ':' never reaches here: the caller splits the stream
/// name off first (MS-FSCC 2.1.5.3), so a ':' left in a component is invalid.</item>
/// <item>On disk a name is UTF-8 and Linux allows 255 bytes (NAME_MAX), so a name of 255 UTF-16
/// units can still be too long (CJK takes 3 bytes, emoji 4): both limits apply.</item>
/// <item>A lone (unpaired) UTF-16 surrogate has no UTF-8 form: OBJECT_NAME_INVALID rather than a
/// silently substituted U+FFFD that would name a different file.</item>
/// <item>Trailing spaces and dots are kept as sent. The Win32 layer of a Windows client strips
/// them before they reach the wire, so they only arrive from clients that mean them (Linux cifs,
/// smbclient), and NTFS itself stores them through the NT API. Stripping them here would make such
/// files, created locally on the server, unreachable.</item>
/// <item>Reserved DOS device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, alone or with an extension)
/// are refused for names being created (<see cref="ValidateNewName"/>): Win32 clients could never
/// open or delete them again. Existing files with such names (Linux trees do have aux.c) stay
/// reachable: <see cref="ValidateComponent"/> does not refuse them.</item>
/// </list>
/// </remarks>
public static class NameValidation
{
    /// <summary>MS-FSCC 2.1.5.2: at most 255 characters.</summary>
    public const int MaxComponentChars = 255;

    /// <summary>Linux NAME_MAX: at most 255 bytes of UTF-8.</summary>
    public const int MaxComponentUtf8Bytes = 255;

    /// <summary>Characters MS-FSCC 2.1.5.2 forbids in a name, besides the controls 0x00-0x1F.</summary>
    public const string InvalidCharacters = "\"\\/:|<>*?";

    /// <summary>Checks one component: characters, surrogate pairing and length. "." and ".." are the caller's.</summary>
    public static NtStatus ValidateComponent(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxComponentChars)
            return NtStatus.ObjectNameInvalid;

        int utf8Bytes = 0;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c < 0x20 || (c < 0x80 && InvalidCharacters.Contains(c)))
                return NtStatus.ObjectNameInvalid;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= name.Length || !char.IsLowSurrogate(name[i + 1]))
                    return NtStatus.ObjectNameInvalid;
                i++;
                utf8Bytes += 4;
            }
            else if (char.IsLowSurrogate(c))
            {
                return NtStatus.ObjectNameInvalid;
            }
            else
            {
                utf8Bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return utf8Bytes > MaxComponentUtf8Bytes ? NtStatus.ObjectNameInvalid : NtStatus.Success;
    }

    /// <summary>
    /// Checks a name about to be created (CREATE with a creating disposition, rename target, hard
    /// link name): <see cref="ValidateComponent"/> plus the reserved DOS device names.
    /// </summary>
    public static NtStatus ValidateNewName(ReadOnlySpan<char> name)
    {
        NtStatus status = ValidateComponent(name);
        if (status.IsError) return status;
        if (name is "." or "..") return NtStatus.ObjectNameInvalid;
        return IsReservedDeviceName(name) ? NtStatus.ObjectNameInvalid : NtStatus.Success;
    }

    /// <summary>
    /// True for CON, PRN, AUX, NUL, COM1-COM9, LPT1-LPT9 (also with the superscript digits 1-3 that
    /// Win32 treats as device names), in any case, alone or followed by an extension ("nul.txt",
    /// "com1.tar.gz") or by spaces before the extension ("CON .txt"), as Win32 path parsing does.
    /// </summary>
    public static bool IsReservedDeviceName(ReadOnlySpan<char> name)
    {
        int dot = name.IndexOf('.');
        ReadOnlySpan<char> stem = (dot >= 0 ? name[..dot] : name).TrimEnd(' ');
        if (stem.Length == 3)
        {
            return stem.Equals("CON", StringComparison.OrdinalIgnoreCase)
                || stem.Equals("PRN", StringComparison.OrdinalIgnoreCase)
                || stem.Equals("AUX", StringComparison.OrdinalIgnoreCase)
                || stem.Equals("NUL", StringComparison.OrdinalIgnoreCase);
        }
        if (stem.Length == 4)
        {
            ReadOnlySpan<char> prefix = stem[..3];
            if (!prefix.Equals("COM", StringComparison.OrdinalIgnoreCase)
                && !prefix.Equals("LPT", StringComparison.OrdinalIgnoreCase))
                return false;
            char digit = stem[3];
            return digit is (>= '1' and <= '9') or '\u00B9' or '\u00B2' or '\u00B3';
        }
        return false;
    }

    /// <summary>
    /// `hide dot files`: a name starting with '.' (other than "." and "..") gets
    /// FILE_ATTRIBUTE_HIDDEN when the share option is on.
    /// </summary>
    public static bool IsDotFile(ReadOnlySpan<char> name)
        => name.Length > 0 && name[0] == '.' && name is not "." and not "..";

    /// <summary>UTF-8 byte length of a validated name (no lone surrogates).</summary>
    public static int Utf8Length(ReadOnlySpan<char> name) => Encoding.UTF8.GetByteCount(name);
}
