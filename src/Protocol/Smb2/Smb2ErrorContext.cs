namespace Protocol.Smb2;

/// <summary>
/// One SMB2 ERROR Context Response (MS-SMB2 2.2.2.1, SMB 3.1.1) inside an ERROR response's ErrorData:
/// its ErrorId and where its ErrorContextData lies, counted from the SMB2 header.
/// </summary>
/// <remarks>
/// <code>
/// 0  ErrorDataLength (4)  4  ErrorId (4)  8  ErrorContextData (ErrorDataLength)
/// </code>
/// </remarks>
public readonly record struct Smb2ErrorContext(uint ErrorId, int DataOffset, int DataLength)
{
    public const int HeaderSize = 8;

    /// <summary>SMB2_ERROR_ID_DEFAULT.</summary>
    public const uint ErrorIdDefault = 0x00000000;

    /// <summary>SMB2_ERROR_ID_SHARE_REDIRECT.</summary>
    public const uint ErrorIdShareRedirect = 0x72645253;

    public ReadOnlySpan<byte> GetData(ReadOnlySpan<byte> message) => Smb2Wire.Slice(message, DataOffset, DataLength);
}
