namespace Ntvfs.Ipc;

/// <summary>The named-pipe FSCTL codes IPC$ answers (MS-FSCC 2.3, MS-SMB2 2.2.31).</summary>
public static class PipeFsctl
{
    /// <summary>FSCTL_PIPE_PEEK: look at pending data without removing it.</summary>
    public const uint Peek = 0x0011400C;

    /// <summary>FSCTL_PIPE_WAIT: wait for an instance of a named pipe; sent on the IPC$ tree, no open.</summary>
    public const uint Wait = 0x00110018;

    /// <summary>FSCTL_PIPE_TRANSCEIVE: write a message and read the answer in one round trip.</summary>
    public const uint Transceive = 0x0011C017;
}
