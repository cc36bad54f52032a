using System.Buffers.Binary;
using Protocol;

namespace Ntvfs.Ipc;

/// <summary>
/// FILE_PIPE_LOCAL_INFORMATION (MS-FSCC 2.4.37), 40 bytes: the state of the end of the pipe the open holds.
/// <code>
///  0               4                        8                  12                 16
///  | NamedPipeType | NamedPipeConfiguration | MaximumInstances | CurrentInstances |
///  | InboundQuota  | ReadDataAvailable      | OutboundQuota    | WriteQuotaAvailable |
///  | NamedPipeState | NamedPipeEnd |                                               40
/// </code>
/// </summary>
public readonly record struct FilePipeLocalInformation(
    uint NamedPipeType,
    uint NamedPipeConfiguration,
    uint MaximumInstances,
    uint CurrentInstances,
    uint InboundQuota,
    uint ReadDataAvailable,
    uint OutboundQuota,
    uint WriteQuotaAvailable,
    uint NamedPipeState,
    uint NamedPipeEnd)
{
    public const int Size = 40;

    public const uint FilePipeMessageType = 1;
    public const uint FilePipeFullDuplex = 2;
    public const uint UnlimitedInstances = 0xFFFFFFFF;
    public const uint FilePipeConnectedState = 3;
    public const uint FilePipeClosingState = 4;
    public const uint FilePipeClientEnd = 0;

    public NtStatus Write(Span<byte> output, out int written)
    {
        written = 0;
        if (output.Length < Size) return NtStatus.InfoLengthMismatch;
        BinaryPrimitives.WriteUInt32LittleEndian(output, NamedPipeType);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], NamedPipeConfiguration);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], MaximumInstances);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], CurrentInstances);
        BinaryPrimitives.WriteUInt32LittleEndian(output[16..], InboundQuota);
        BinaryPrimitives.WriteUInt32LittleEndian(output[20..], ReadDataAvailable);
        BinaryPrimitives.WriteUInt32LittleEndian(output[24..], OutboundQuota);
        BinaryPrimitives.WriteUInt32LittleEndian(output[28..], WriteQuotaAvailable);
        BinaryPrimitives.WriteUInt32LittleEndian(output[32..], NamedPipeState);
        BinaryPrimitives.WriteUInt32LittleEndian(output[36..], NamedPipeEnd);
        written = Size;
        return NtStatus.Success;
    }
}
