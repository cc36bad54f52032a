using Protocol.Fscc;
using Protocol.Smb2;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs;

// Arguments and results of the NTVFS operations, in MS-SMB2 / MS-FSCC terms. Buffers in results are
// owned by the result; the SMB layer copies them into its response.

public readonly record struct NtvfsCreateArgs(
    string Path,
    uint DesiredAccess,
    FileAttributes FileAttributes,
    Smb2ShareAccess ShareAccess,
    Smb2CreateDisposition CreateDisposition,
    Smb2CreateOptions CreateOptions,
    Smb2OplockLevel RequestedOplockLevel,
    long AllocationSize = 0);

public readonly record struct NtvfsCreateResult(
    NtvfsHandle Handle,
    Smb2CreateAction CreateAction,
    FileMetadata Metadata,
    Smb2OplockLevel OplockLevel,
    uint MaximalAccess);

public readonly record struct NtvfsCloseResult(bool HasMetadata, FileMetadata Metadata);

public readonly record struct NtvfsReadArgs(long Offset, int Length, int MinimumCount);

/// <summary>The data read: <see cref="Buffer"/>[0..<see cref="Count"/>). The buffer may be pooled by the backend.</summary>
public readonly record struct NtvfsReadResult(byte[] Buffer, int Count, int Remaining = 0);

public readonly record struct NtvfsWriteArgs(long Offset, ReadOnlyMemory<byte> Data, bool WriteThrough);

public readonly record struct NtvfsWriteResult(int Count);

public readonly record struct NtvfsLockElement(long Offset, long Length, bool Exclusive, bool Unlock, bool FailImmediately);

public readonly record struct NtvfsQueryInfoArgs(Smb2InfoType InfoType, byte InfoClass, int OutputBufferLength, uint AdditionalInformation, ReadOnlyMemory<byte> Input);

/// <summary>Encoded info: <see cref="Buffer"/>[0..<see cref="Length"/>), status may be BUFFER_OVERFLOW.</summary>
public readonly record struct NtvfsInfoResult(byte[] Buffer, int Length);

public readonly record struct NtvfsSetInfoArgs(Smb2InfoType InfoType, byte InfoClass, uint AdditionalInformation, ReadOnlyMemory<byte> Buffer);

public readonly record struct NtvfsQueryDirectoryArgs(FileInformationClass InfoClass, Smb2QueryDirectoryFlags Flags, uint FileIndex, string Pattern, int OutputBufferLength);

public readonly record struct NtvfsIoctlArgs(uint CtlCode, ReadOnlyMemory<byte> Input, int MaxOutputResponse, bool IsFsctl);

public readonly record struct NtvfsNotifyArgs(CompletionFilter Filter, bool WatchTree, int OutputBufferLength);
