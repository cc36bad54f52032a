namespace Protocol.Dcerpc.Srvsvc;

/// <summary>shi*_type (MS-SRVS 2.2.2.4): the share's kind in the low bits, qualifier flags in the high bits.</summary>
[Flags]
public enum ShareType : uint
{
    /// <summary>STYPE_DISKTREE: a disk drive (a directory tree).</summary>
    DiskTree = 0x00000000,
    /// <summary>STYPE_PRINTQ.</summary>
    PrintQueue = 0x00000001,
    /// <summary>STYPE_DEVICE.</summary>
    Device = 0x00000002,
    /// <summary>STYPE_IPC: interprocess communication (IPC$).</summary>
    Ipc = 0x00000003,
    /// <summary>STYPE_TEMPORARY.</summary>
    Temporary = 0x40000000,
    /// <summary>STYPE_SPECIAL: an administrative share such as IPC$, ADMIN$ or C$.</summary>
    Special = 0x80000000,
}
