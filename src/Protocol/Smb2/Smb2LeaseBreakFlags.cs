namespace Protocol.Smb2;

/// <summary>Flags of the Lease Break Notification (MS-SMB2 2.2.23.2).</summary>
[Flags]
public enum Smb2LeaseBreakFlags : uint
{
    None = 0,
    /// <summary>SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED.</summary>
    AckRequired = 0x00000001,
}
