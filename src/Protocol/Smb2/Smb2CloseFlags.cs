namespace Protocol.Smb2;

/// <summary>Flags of the CLOSE request and response (MS-SMB2 2.2.15, 2.2.16).</summary>
[Flags]
public enum Smb2CloseFlags : ushort
{
    None = 0,
    /// <summary>SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB: the response carries the file's attributes.</summary>
    PostqueryAttrib = 0x0001,
}
