namespace Protocol.Ntlm;

/// <summary>The MessageType field of an NTLM message (MS-NLMP 2.2.1).</summary>
public enum NtlmMessageType : uint
{
    Negotiate = 1,
    Challenge = 2,
    Authenticate = 3,
}
