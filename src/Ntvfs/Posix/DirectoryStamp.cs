namespace Ntvfs.Posix;

/// <summary>
/// The version of a directory's contents as the kernel reports it: mtime and ctime, both of which
/// change whenever an entry is added, removed or renamed.
/// </summary>
public readonly record struct DirectoryStamp(long MtimeSec, uint MtimeNsec, long CtimeSec, uint CtimeNsec)
{
    public static DirectoryStamp From(in FileStatus st)
        => new(st.ModifyTime.tv_sec, st.ModifyTime.tv_nsec, st.ChangeTime.tv_sec, st.ChangeTime.tv_nsec);
}
