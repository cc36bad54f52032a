using System.Text;
using Protocol;

namespace Ntvfs.Posix;

/// <summary>
/// A path as a client sends it (MS-FSCC 2.1.5: components separated by '\', relative to the
/// share root), checked and split into components before anything touches the file system.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>One leading '\' is accepted (SMB1 and some tools send it). MS-SMB2 3.3.5.9 wants
/// STATUS_INVALID_PARAMETER for a leading separator in SMB2 CREATE: that check is the SMB2
/// layer's, which knows the dialect.</item>
/// <item>Empty components ("a\\b", "\\server") are OBJECT_NAME_INVALID, so is '/' in a name
/// (an absolute Unix path, "/etc/passwd", fails here) and ':' (a drive letter "C:"; stream
/// suffixes are removed by the caller before this point).</item>
/// <item>"." components are dropped; ".." removes the previous component. A ".." that would climb
/// above the share root is OBJECT_PATH_SYNTAX_BAD (as Samba answers). These are lexical rules on
/// the client's path, applied before any lookup; the kernel never sees a ".." from a client.</item>
/// <item>One trailing '\' is allowed and reported in <see cref="HasTrailingSeparator"/>: MS-FSA
/// 2.1.5.1 makes it mean "must be a directory", which the open logic enforces.</item>
/// </list>
/// </remarks>
public sealed class SmbPath
{
    /// <summary>Longest relative path, in UTF-8 bytes, that Linux accepts (PATH_MAX minus the NUL).</summary>
    public const int MaxUtf8Bytes = 4095;

    private SmbPath(string[] components, bool trailing)
    {
        Components = components;
        HasTrailingSeparator = trailing;
    }

    public static SmbPath Root { get; } = new([], false);

    /// <summary>The validated components, first to last; empty for the share root.</summary>
    public IReadOnlyList<string> Components { get; }

    public bool IsRoot => Components.Count == 0;

    public bool HasTrailingSeparator { get; }

    /// <summary>The last component, or "" for the root.</summary>
    public string FinalName => Components.Count == 0 ? "" : Components[^1];

    /// <summary>The path with '/' separators, as used relative to the share root descriptor.</summary>
    public string ToRelativeUnixPath() => string.Join('/', Components);

    public override string ToString() => string.Join('\\', Components);

    public static NtStatus TryParse(string? path, out SmbPath result)
    {
        result = Root;
        if (string.IsNullOrEmpty(path))
            return NtStatus.Success;

        ReadOnlySpan<char> rest = path;
        if (rest[0] == '\\')
            rest = rest[1..];
        bool trailing = false;
        if (rest.Length > 0 && rest[^1] == '\\')
        {
            trailing = true;
            rest = rest[..^1];
        }
        if (rest.IsEmpty)
        {
            result = trailing ? new SmbPath([], true) : Root;
            return NtStatus.Success;
        }

        var components = new List<string>();
        while (true)
        {
            int sep = rest.IndexOf('\\');
            ReadOnlySpan<char> component = sep < 0 ? rest : rest[..sep];
            if (component.IsEmpty)
                return NtStatus.ObjectNameInvalid;
            if (component is ".")
            {
                // current directory: nothing to add
            }
            else if (component is "..")
            {
                if (components.Count == 0)
                    return NtStatus.ObjectPathSyntaxBad;
                components.RemoveAt(components.Count - 1);
            }
            else
            {
                NtStatus status = NameValidation.ValidateComponent(component);
                if (status.IsError)
                    return status;
                components.Add(component.ToString());
            }
            if (sep < 0) break;
            rest = rest[(sep + 1)..];
        }

        int bytes = components.Count - 1;
        foreach (string c in components)
            bytes += Encoding.UTF8.GetByteCount(c);
        if (bytes > MaxUtf8Bytes)
            return NtStatus.ObjectNameInvalid;

        result = new SmbPath(components.ToArray(), trailing);
        return NtStatus.Success;
    }
}
