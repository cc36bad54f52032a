namespace Protocol.Ntlm;

/// <summary>The value of the MsvAvFlags AV_PAIR (MS-NLMP 2.2.2.1).</summary>
[Flags]
public enum MsvAvFlags : uint
{
    None = 0,
    /// <summary>0x1: the client's account authentication is constrained.</summary>
    AccountAuthenticationConstrained = 0x00000001,
    /// <summary>0x2: the client provides message integrity in the MIC field of the AUTHENTICATE_MESSAGE.</summary>
    MicPresent = 0x00000002,
    /// <summary>0x4: the client's target SPN came from an untrusted source.</summary>
    TargetSpnFromUntrustedSource = 0x00000004,
}
