namespace Protocol.Fscc;

/// <summary>
/// FILE_FS_OBJECTID_INFORMATION (MS-FSCC 2.5), 64 bytes: ObjectId (a GUID, 16 bytes in MS-DTYP 2.3.4.2
/// order, which is what Guid.TryWriteBytes produces) and ExtendedInfo (48 bytes).
/// </summary>
public readonly record struct FileFsObjectIdInformation(Guid ObjectId, ReadOnlyMemory<byte> ExtendedInfo)
{
    public const int Size = 64;
    public const int ExtendedInfoLength = 48;

    /// <summary>ExtendedInfo longer than 48 bytes is a caller bug; shorter is zero-padded.</summary>
    public NtStatus Write(Span<byte> output, out int written)
    {
        if (ExtendedInfo.Length > ExtendedInfoLength)
            throw new InvalidOperationException("ExtendedInfo is at most 48 bytes.");
        if (output.Length < Size)
        {
            written = 0;
            return NtStatus.InfoLengthMismatch;
        }
        Span<byte> o = output[..Size];
        o.Clear();
        ObjectId.TryWriteBytes(o);
        ExtendedInfo.Span.CopyTo(o[16..]);
        written = Size;
        return NtStatus.Success;
    }
}
