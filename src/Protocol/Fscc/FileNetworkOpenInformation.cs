using System.Buffers.Binary;

namespace Protocol.Fscc;

/// <summary>
/// FILE_NETWORK_OPEN_INFORMATION (MS-FSCC 2.4), 56 bytes.
/// <code>
///  0              8                16              24           32               40          48               52         56
///  | CreationTime | LastAccessTime | LastWriteTime | ChangeTime | AllocationSize | EndOfFile | FileAttributes | Reserved |
/// </code>
/// </summary>
public static class FileNetworkOpenInformation
{
    public const int Size = 56;

    public static NtStatus Write(in FileMetadata m, Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        Span<byte> o = output;
        BinaryPrimitives.WriteInt64LittleEndian(o, m.CreationTime);
        BinaryPrimitives.WriteInt64LittleEndian(o[8..], m.LastAccessTime);
        BinaryPrimitives.WriteInt64LittleEndian(o[16..], m.LastWriteTime);
        BinaryPrimitives.WriteInt64LittleEndian(o[24..], m.ChangeTime);
        BinaryPrimitives.WriteInt64LittleEndian(o[32..], m.AllocationSize);
        BinaryPrimitives.WriteInt64LittleEndian(o[40..], m.EndOfFile);
        BinaryPrimitives.WriteUInt32LittleEndian(o[48..], (uint)m.EffectiveAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(o[52..], 0);
        written = Size;
        return NtStatus.Success;
    }
}
