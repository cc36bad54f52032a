namespace Protocol.Smb2;

/// <summary>Flags of the CHANGE_NOTIFY request (MS-SMB2 2.2.35).</summary>
[Flags]
public enum Smb2ChangeNotifyFlags : ushort
{
    None = 0,
    /// <summary>SMB2_WATCH_TREE: watch the whole subtree.</summary>
    WatchTree = 0x0001,
}
