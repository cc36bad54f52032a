using System.Buffers.Binary;

namespace Ntvfs.Ipc;

/// <summary>
/// The fixed part of the FSCTL_PIPE_PEEK Reply (MS-FSCC 2.3.46); the peeked bytes follow it.
/// <code>
///  0                4                   8                  12              16
///  | NamedPipeState | ReadDataAvailable | NumberOfMessages | MessageLength | Data ...
/// </code>
/// </summary>
public readonly record struct FsctlPipePeekReply(uint NamedPipeState, uint ReadDataAvailable, uint NumberOfMessages, uint MessageLength)
{
    public const int HeaderSize = 16;

    /// <summary>Writes the fixed part; the caller checked <paramref name="output"/> holds <see cref="HeaderSize"/> bytes.</summary>
    public void WriteHeader(Span<byte> output)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(output, NamedPipeState);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], ReadDataAvailable);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], NumberOfMessages);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], MessageLength);
    }
}
