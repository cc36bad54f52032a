namespace Ntvfs.Posix;

/// <summary>
/// Where an errno came from, for the few errno values whose NT meaning depends on it
/// (see <see cref="ErrnoMapping"/>).
/// </summary>
public enum ErrnoContext
{
    /// <summary>An operation on an open handle or on a name whose parents are known to exist.</summary>
    Default,

    /// <summary>
    /// Resolving a directory on the way to the last component: a missing or refused component is
    /// STATUS_OBJECT_PATH_NOT_FOUND (MS-FSA 2.1.5.1: a missing intermediate directory).
    /// </summary>
    PathPrefix,

    /// <summary>
    /// Looking up or opening the last component: a missing or refused name is
    /// STATUS_OBJECT_NAME_NOT_FOUND; O_DIRECTORY on a non-directory is STATUS_NOT_A_DIRECTORY.
    /// </summary>
    FinalComponent,

    /// <summary>Taking a byte-range lock: "would block" is STATUS_LOCK_NOT_GRANTED.</summary>
    ByteRangeLock,
}
