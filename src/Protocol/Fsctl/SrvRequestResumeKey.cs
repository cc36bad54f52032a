using System.Buffers.Binary;

namespace Protocol.Fsctl;

/// <summary>
/// SRV_REQUEST_RESUME_KEY (MS-SMB2 2.2.32.3), the output of FSCTL_SRV_REQUEST_RESUME_KEY:
/// ResumeKey (24), ContextLength (4) = 0, and a 4-byte empty Context, 32 bytes as Windows sends it.
/// </summary>
public static class SrvRequestResumeKey
{
    public const int Size = 32;

    public static byte[] Build(ResumeKey key)
    {
        var bytes = new byte[Size];
        key.Write(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 0);
        return bytes;
    }
}
