namespace Ntvfs.Ipc;

/// <summary>ReadMode of FILE_PIPE_INFORMATION (MS-FSCC 2.4, FilePipeInformation): how reads treat message boundaries.</summary>
public enum PipeReadMode : uint
{
    /// <summary>FILE_PIPE_BYTE_STREAM_MODE: a read returns bytes across message boundaries.</summary>
    ByteStream = 0,

    /// <summary>FILE_PIPE_MESSAGE_MODE: a read returns at most one message; the rest of a long one is BUFFER_OVERFLOW.</summary>
    Message = 1,
}
