using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Protocol.Fscc;

/// <summary>
/// UTF-16LE copies of names, code unit for code unit. Encoding.Unicode would replace unpaired surrogates,
/// which Windows file names may legally contain (MS-FSCC 2.1.5.2 only forbids a few characters), so names
/// are copied as raw 16-bit units instead.
/// </summary>
internal static class Utf16Le
{
    /// <summary>Copies <paramref name="text"/> into <paramref name="destination"/> (2 bytes per char).</summary>
    public static void Write(ReadOnlySpan<char> text, Span<byte> destination)
    {
        Span<byte> target = destination[..(text.Length * 2)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(text).CopyTo(target);
            return;
        }
        for (int i = 0; i < text.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(target[(2 * i)..], text[i]);
    }

    /// <summary>Decodes an even number of bytes; the caller checks the length is even.</summary>
    public static string Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return string.Empty;
        var chars = new char[bytes.Length / 2];
        for (int i = 0; i < chars.Length; i++)
            chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);
        return new string(chars);
    }
}
