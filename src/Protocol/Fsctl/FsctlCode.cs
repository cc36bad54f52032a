namespace Protocol.Fsctl;

/// <summary>The FSCTL codes the posix backend answers (MS-SMB2 2.2.31, MS-FSCC 2.3).</summary>
public static class FsctlCode
{
    /// <summary>MS-FSCC 2.3.31 FSCTL_GET_REPARSE_POINT.</summary>
    public const uint GetReparsePoint = 0x000900A8;

    /// <summary>MS-FSCC 2.3.7 FSCTL_CREATE_OR_GET_OBJECT_ID.</summary>
    public const uint CreateOrGetObjectId = 0x000900C0;

    /// <summary>MS-FSCC 2.3.27 FSCTL_GET_OBJECT_ID.</summary>
    public const uint GetObjectId = 0x0009009C;

    /// <summary>MS-SMB2 2.2.31 FSCTL_SRV_ENUMERATE_SNAPSHOTS (previous versions).</summary>
    public const uint SrvEnumerateSnapshots = 0x00144064;

    /// <summary>MS-SMB2 2.2.31 FSCTL_SRV_REQUEST_RESUME_KEY (the source key of a server-side copy).</summary>
    public const uint SrvRequestResumeKey = 0x00140078;

    /// <summary>MS-SMB2 2.2.31 FSCTL_SRV_COPYCHUNK: the target open needs read and write access.</summary>
    public const uint SrvCopychunk = 0x001440F2;

    /// <summary>MS-SMB2 2.2.31 FSCTL_SRV_COPYCHUNK_WRITE: the target open needs write access only.</summary>
    public const uint SrvCopychunkWrite = 0x001480F2;
}
