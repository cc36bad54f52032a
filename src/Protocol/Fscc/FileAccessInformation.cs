using System.Buffers.Binary;
using Protocol.Security;

namespace Protocol.Fscc;

/// <summary>
/// FILE_ACCESS_INFORMATION (MS-FSCC 2.4): AccessFlags, the access granted to the open (not a property of
/// the file, hence a parameter). 4 bytes.
/// </summary>
public static class FileAccessInformation
{
    public const int Size = 4;

    public static NtStatus Write(AccessMask accessFlags, Span<byte> output, out int written)
    {
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(output, (uint)accessFlags);
        written = Size;
        return NtStatus.Success;
    }
}
