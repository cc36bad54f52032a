using Protocol;

namespace Ntvfs.Posix.Backend;

/// <summary>
/// The name of an SMB2 CREATE as the posix backend takes it apart before resolution: the path, and
/// the stream named after a ':' in its last component (MS-FSCC 2.1.5.3: "file:stream:$DATA").
/// </summary>
/// <remarks>
/// Only the default data stream is served: "file::$DATA" (and "file:" followed by ":$DATA" in any
/// case) names the file itself. A named stream is STATUS_OBJECT_NAME_NOT_FOUND, as on a file system
/// without alternate data streams; a stream type other than $DATA is STATUS_OBJECT_NAME_INVALID.
/// A ':' in an earlier component is left in the path, where <see cref="SmbPath"/> refuses it.
/// </remarks>
internal readonly record struct CreatePath(string Path, bool DefaultStream)
{
    public static NtStatus TryParse(string name, out CreatePath result)
    {
        result = new CreatePath(name, false);
        // MS-SMB2 3.3.5.9: a name that begins with a path separator is STATUS_INVALID_PARAMETER.
        if (name.Length > 0 && name[0] == '\\')
            return NtStatus.InvalidParameter;
        int lastSeparator = name.LastIndexOf('\\');
        int colon = name.IndexOf(':', lastSeparator + 1);
        if (colon < 0)
            return NtStatus.Success;

        string basePath = name[..colon];
        ReadOnlySpan<char> spec = name.AsSpan(colon + 1);
        int typeSeparator = spec.IndexOf(':');
        ReadOnlySpan<char> streamName = typeSeparator < 0 ? spec : spec[..typeSeparator];
        ReadOnlySpan<char> streamType = typeSeparator < 0 ? default : spec[(typeSeparator + 1)..];
        if (typeSeparator >= 0 && !streamType.Equals("$DATA", StringComparison.OrdinalIgnoreCase))
            return NtStatus.ObjectNameInvalid;
        if (streamName.IsEmpty)
        {
            // "name::$DATA": the unnamed data stream. A bare "name:" names nothing.
            if (typeSeparator < 0)
                return NtStatus.ObjectNameInvalid;
            result = new CreatePath(basePath, true);
            return NtStatus.Success;
        }
        if (streamName.IndexOfAny(NameValidation.InvalidCharacters) >= 0)
            return NtStatus.ObjectNameInvalid;
        return NtStatus.ObjectNameNotFound;
    }
}
