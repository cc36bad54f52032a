using Ntvfs;
using Protocol.Signing;
using Protocol.Spnego;

namespace SmbServer.Smb2;

/// <summary>An SMB2 session (MS-SMB2 3.3.1.8) on one connection. Loop-owned.</summary>
public sealed class Smb2Session : IDisposable
{
    public Smb2Session(ulong sessionId) => SessionId = sessionId;

    public ulong SessionId { get; }

    /// <summary>In progress until the final SESSION_SETUP succeeds.</summary>
    public bool IsValid { get; set; }

    /// <summary>The SPNEGO exchange while the session is being set up (or re-authenticated).</summary>
    public SpnegoServer? Authentication { get; set; }

    public NtvfsSession? User { get; set; }

    public bool IsGuest => User?.IsGuest == true;
    public bool IsAnonymous => User?.IsAnonymous == true;

    public bool SigningRequired { get; set; }

    public ISmb2Signer? Signer { get; private set; }

    public Dictionary<uint, Smb2Tree> Trees { get; } = new();

    private uint _nextTreeId = 1;

    public uint AllocateTreeId()
    {
        while (Trees.ContainsKey(_nextTreeId) || _nextTreeId == 0 || _nextTreeId == uint.MaxValue) _nextTreeId++;
        return _nextTreeId++;
    }

    public void SetSigningKey(ReadOnlySpan<byte> sessionKey)
    {
        Signer?.Dispose();
        Signer = new Smb2HmacSha256Signer(sessionKey);
    }

    public void Dispose()
    {
        Signer?.Dispose();
        Signer = null;
    }
}
