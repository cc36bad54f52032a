using System.Buffers.Binary;
using System.Text;

namespace Protocol.Tests.Fscc;

/// <summary>Little-endian field readers for asserting encoded layouts at spec offsets.</summary>
internal static class Le
{
    public static uint U32(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(b[offset..]);
    public static ushort U16(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(b[offset..]);
    public static long I64(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadInt64LittleEndian(b[offset..]);
    public static ulong U64(ReadOnlySpan<byte> b, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(b[offset..]);
    public static string Utf16(ReadOnlySpan<byte> b, int offset, int byteLength) => Encoding.Unicode.GetString(b.Slice(offset, byteLength));
    public static byte[] Utf16Bytes(string s) => Encoding.Unicode.GetBytes(s);
}
