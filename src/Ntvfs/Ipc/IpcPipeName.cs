namespace Ntvfs.Ipc;

/// <summary>
/// The name of a pipe as clients send it in CREATE on IPC$, reduced to the bare pipe name the registry knows.
/// SMB2 clients send "srvsvc"; SMB1-era paths and some tools send "\PIPE\srvsvc" or "\srvsvc": all three name the
/// same pipe. The comparison with registered names is case-insensitive, as Windows and Samba match pipe names.
/// </summary>
public static class IpcPipeName
{
    private const string PipePrefix = @"\PIPE\";

    /// <summary>Longest pipe name accepted; registered names are short, so this only bounds work on hostile input.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// Strips an optional leading "\PIPE\" (any case), else one optional leading backslash, and checks what is left is
    /// a single path component. False for the empty name (the IPC$ root) and for anything that could be read as a path:
    /// a '/' or '\' separator, ':' (stream syntax), NUL, "." or "..".
    /// </summary>
    public static bool TryNormalize(string requested, out string name)
    {
        ReadOnlySpan<char> rest = requested;
        if (rest.StartsWith(PipePrefix, StringComparison.OrdinalIgnoreCase)) rest = rest[PipePrefix.Length..];
        else if (rest.StartsWith("\\")) rest = rest[1..];

        // CVE-2017-7494 and CVE-2023-3961: Samba once turned a pipe name with '/' into a module path, and later into a
        // Unix socket path outside its private directory. A pipe name here is only ever a registry key, but refusing
        // anything path-like keeps it that way if pipes are ever served by an external endpoint.
        name = "";
        if (rest.IsEmpty || rest.Length > MaxLength) return false;
        if (rest.IndexOfAny(@"/\:" + "\0") >= 0) return false;
        if (rest is "." or "..") return false;
        name = rest.ToString();
        return true;
    }
}
