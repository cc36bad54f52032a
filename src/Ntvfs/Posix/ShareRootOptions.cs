namespace Ntvfs.Posix;

/// <summary>The share options (smb.conf names) that decide how names are resolved under the root.</summary>
public sealed record ShareRootOptions
{
    /// <summary>
    /// `case sensitive`: when false (the default), a component not found under its exact name is
    /// looked up case-insensitively in its directory, for every component of the path.
    /// </summary>
    public bool CaseSensitive { get; init; }

    /// <summary>`follow symlinks`: when false, any symbolic link in a path makes it not found.</summary>
    public bool FollowSymlinks { get; init; } = true;

    /// <summary>
    /// `wide links`: when true (and <see cref="FollowSymlinks"/>), symbolic links may lead outside
    /// the share. Off by default; Samba also requires `allow insecure wide links` for it, a check
    /// that belongs to the configuration layer.
    /// </summary>
    public bool WideLinks { get; init; }

    /// <summary>`veto files`.</summary>
    public VetoFiles VetoFiles { get; init; } = VetoFiles.None;

    public PathResolution Resolution { get; init; } = PathResolution.Auto;

    /// <summary>Directories kept by the case-insensitive name cache.</summary>
    public int NameCacheDirectories { get; init; } = 1024;

    /// <summary>Names kept by the case-insensitive name cache over all its directories.</summary>
    public int NameCacheNames { get; init; } = 256 * 1024;
}
