namespace Protocol.Fscc;

/// <summary>
/// FILE_MODE_INFORMATION.Mode (MS-FSCC FileModeInformation). Named FileModeFlags rather than FileMode so it
/// does not collide with System.IO.FileMode.
/// </summary>
[Flags]
public enum FileModeFlags : uint
{
    None = 0,
    WriteThrough = 0x00000002,            // FILE_WRITE_THROUGH
    SequentialOnly = 0x00000004,          // FILE_SEQUENTIAL_ONLY
    NoIntermediateBuffering = 0x00000008, // FILE_NO_INTERMEDIATE_BUFFERING
    SynchronousIoAlert = 0x00000010,      // FILE_SYNCHRONOUS_IO_ALERT
    SynchronousIoNonalert = 0x00000020,   // FILE_SYNCHRONOUS_IO_NONALERT
    DeleteOnClose = 0x00001000,           // FILE_DELETE_ON_CLOSE (query only)
}
