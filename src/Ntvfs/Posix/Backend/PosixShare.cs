namespace Ntvfs.Posix.Backend;

/// <summary>
/// The posix backend's state for one tree connect (<see cref="NtvfsTree.BackendState"/>): the share
/// root, and the share options turned into the building blocks that apply them.
/// </summary>
/// <remarks>
/// Immutable after connect except <see cref="Handles"/>, which only the tree's loop touches. The
/// building blocks it holds are thread-safe, so thread jobs use them freely.
/// </remarks>
internal sealed class PosixShare : IDisposable
{
    public PosixShare(NtvfsShareOptions options, ShareRoot root, long volumeCreationTime, ulong volumeSerial64)
    {
        Options = options;
        Root = root;
        Dos = new DosAttributes(options.HideDotFiles);
        Modes = new CreateModePolicy
        {
            CreateMask = options.CreateMask,
            ForceCreateMode = options.ForceCreateMode,
            DirectoryMask = options.DirectoryMask,
            ForceDirectoryMode = options.ForceDirectoryMode,
        };
        VolumeCreationTime = volumeCreationTime;
        VolumeSerial64 = volumeSerial64;
        VolumeSerial32 = VolumeSerial.Fold(volumeSerial64);
    }

    public NtvfsShareOptions Options { get; }
    public ShareRoot Root { get; }
    public DosAttributes Dos { get; }
    public CreateModePolicy Modes { get; }
    public bool ReadOnly => Options.ReadOnly;

    /// <summary>Identifies the share root in the process-wide tables (its local path).</summary>
    public string Key => Root.LocalPath;

    /// <summary>The creation time of the share root, reported as the volume creation time.</summary>
    public long VolumeCreationTime { get; }
    public ulong VolumeSerial64 { get; }
    public uint VolumeSerial32 { get; }

    /// <summary>The handles open on this tree (loop thread only).</summary>
    public HashSet<PosixHandle> Handles { get; } = new();

    public static ShareRootOptions RootOptions(NtvfsShareOptions options) => new()
    {
        CaseSensitive = options.CaseSensitive,
        FollowSymlinks = options.FollowSymlinks,
        WideLinks = options.WideLinks,
        VetoFiles = VetoFiles.Parse(options.VetoFiles, options.CaseSensitive),
    };

    public void Dispose() => Root.Dispose();
}
