using Protocol.Fscc;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Protocol.Tests.Fscc;

internal static class Samples
{
    // Distinct values per field, so a field written at the wrong offset cannot pass.
    public static FileMetadata File => new()
    {
        CreationTime = 0x01D0_0000_0000_0001,
        LastAccessTime = 0x01D0_0000_0000_0002,
        LastWriteTime = 0x01D0_0000_0000_0003,
        ChangeTime = 0x01D0_0000_0000_0004,
        EndOfFile = 12345,
        AllocationSize = 16384,
        FileAttributes = FileAttributes.Archive,
        IndexNumber = 0x1122_3344_5566_7788,
        NumberOfLinks = 2,
        DeletePending = true,
        IsDirectory = false,
        EaSize = 0x44,
    };

    public static FileMetadata Directory => File with
    {
        FileAttributes = FileAttributes.None,
        IsDirectory = true,
        EndOfFile = 0,
        AllocationSize = 0,
        DeletePending = false,
        NumberOfLinks = 3,
    };
}
