namespace Ntvfs.Ipc;

/// <summary>CompletionMode of FILE_PIPE_INFORMATION (MS-FSCC 2.4, FilePipeInformation): what a read does when the pipe is empty.</summary>
public enum PipeCompletionMode : uint
{
    /// <summary>FILE_PIPE_QUEUE_OPERATION: the read waits for data (blocking mode).</summary>
    Queue = 0,

    /// <summary>FILE_PIPE_COMPLETE_OPERATION: the read completes at once with STATUS_PIPE_EMPTY (non-blocking mode).</summary>
    Complete = 1,
}
