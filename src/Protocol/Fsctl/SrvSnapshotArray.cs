using System.Buffers.Binary;

namespace Protocol.Fsctl;

/// <summary>
/// SRV_SNAPSHOT_ARRAY (MS-SMB2 2.2.32.2) for a share without previous versions: NumberOfSnapShots 0,
/// NumberOfSnapShotsReturned 0, SnapShotArraySize 2 (the terminating UTF-16 NUL of the empty
/// multi-string), then that NUL and 2 bytes of padding: 16 bytes, the minimum a client must accept
/// (MS-SMB2 3.3.5.15.1: a MaxOutputResponse under 16 is STATUS_INVALID_PARAMETER).
/// </summary>
public static class SrvSnapshotArray
{
    public const int EmptySize = 16;

    public static byte[] BuildEmpty()
    {
        var bytes = new byte[EmptySize];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        return bytes;
    }
}
