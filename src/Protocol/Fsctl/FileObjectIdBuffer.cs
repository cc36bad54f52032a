using System.Buffers.Binary;

namespace Protocol.Fsctl;

/// <summary>
/// FILE_OBJECTID_BUFFER (MS-FSCC 2.1.3.1), the 64-byte output of FSCTL_CREATE_OR_GET_OBJECT_ID and
/// FSCTL_GET_OBJECT_ID: ObjectId (16 bytes), BirthVolumeId (16), BirthObjectId (16), DomainId (16).
/// </summary>
public readonly record struct FileObjectIdBuffer(Guid ObjectId, Guid BirthVolumeId, Guid BirthObjectId, Guid DomainId)
{
    public const int Size = 64;

    public void Write(Span<byte> output)
    {
        ObjectId.TryWriteBytes(output);
        BirthVolumeId.TryWriteBytes(output[16..]);
        BirthObjectId.TryWriteBytes(output[32..]);
        DomainId.TryWriteBytes(output[48..]);
    }

    public static bool TryParse(ReadOnlySpan<byte> input, out FileObjectIdBuffer buffer)
    {
        buffer = default;
        if (input.Length < Size) return false;
        buffer = new FileObjectIdBuffer(new Guid(input[..16]), new Guid(input.Slice(16, 16)),
            new Guid(input.Slice(32, 16)), new Guid(input.Slice(48, 16)));
        return true;
    }

    /// <summary>
    /// An object id derived from a file's identity (device, inode), so the same file answers the
    /// same id on every call and after a restart without storing anything.
    /// </summary>
    public static Guid FromFileIdentity(ulong device, ulong inode)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, inode);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], device);
        return new Guid(bytes);
    }
}
