using Protocol.Fscc;
using Protocol.Smb2;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs;

// Arguments and results of the NTVFS operations, in MS-SMB2 / MS-FSCC terms. Buffers in results are
// owned by the result; the SMB layer copies them into its response. READ is the exception: its
// data goes into a buffer the caller passes in (NtvfsReadArgs.Buffer).

public readonly record struct NtvfsCreateArgs(
    string Path,
    uint DesiredAccess,
    FileAttributes FileAttributes,
    Smb2ShareAccess ShareAccess,
    Smb2CreateDisposition CreateDisposition,
    Smb2CreateOptions CreateOptions,
    Smb2OplockLevel RequestedOplockLevel,
    long AllocationSize = 0,
    IReadOnlyList<FileFullEaInformation>? Eas = null);

public readonly record struct NtvfsCreateResult(
    NtvfsHandle Handle,
    Smb2CreateAction CreateAction,
    FileMetadata Metadata,
    Smb2OplockLevel OplockLevel,
    uint MaximalAccess);

public readonly record struct NtvfsCloseResult(bool HasMetadata, FileMetadata Metadata);

/// <summary>
/// A READ of up to <see cref="Length"/> bytes at <see cref="Offset"/> into <see cref="Buffer"/>, which
/// the caller owns: the backend fills <c>Buffer[0..Count)</c> (<see cref="NtvfsReadResult.Count"/>)
/// and touches it only until its request completes. The caller keeps the buffer alive until then,
/// so it must not abandon a read it cancelled before that read completes (as Samba 4's ntvfs, where
/// the SMB layer allocates io->smb2.out.data and the backend fills it). This is what lets the SMB
/// layer read straight into the response it will send, with no copy of the data.
/// </summary>
public readonly record struct NtvfsReadArgs(long Offset, Memory<byte> Buffer, int MinimumCount)
{
    /// <summary>The most bytes to read: the destination's length.</summary>
    public int Length => Buffer.Length;
}

/// <summary>The data read: <see cref="NtvfsReadArgs.Buffer"/>[0..<see cref="Count"/>).</summary>
public readonly record struct NtvfsReadResult(int Count, int Remaining = 0);

/// <summary>
/// A WRITE of <see cref="Data"/> at <see cref="Offset"/>. The memory is the caller's (the received
/// message itself, not a copy); the backend reads it only until its request completes.
/// </summary>
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
