namespace SmbServer.Configuration;

/// <summary>
/// One problem found while loading smb.conf: the file and 1-based line it comes from (0 when it
/// concerns the file as a whole) and a message for a person.
/// </summary>
public sealed record ConfigDiagnostic(string File, int Line, string Message)
{
    /// <summary>The `file:line: message` form that <see cref="ConfigCheck"/> prints.</summary>
    public override string ToString() => $"{File}:{Line}: {Message}";
}
