using System.Security.Cryptography;
using Protocol.Crypto;

namespace Protocol.Ntlm;

/// <summary>
/// NTLM session security of one side of an established context (MS-NLMP 3.4): the four keys and
/// GSS_GetMIC / GSS_VerifyMIC with extended session security (3.4.4.2). SPNEGO needs it for the
/// mechListMIC (MS-SPNG 3.1.5.1); SMB itself signs with its own algorithm, not with this.
/// </summary>
/// <remarks>
/// Connection-oriented: one sealing handle per direction, initialised once, whose keystream and
/// sequence number carry on from message to message (MS-NLMP 3.4). Not thread-safe.
/// </remarks>
public sealed class NtlmSessionSecurity
{
    private readonly bool _keyExch;
    private readonly Rc4 _outgoingHandle;
    private readonly Rc4 _incomingHandle;
    private uint _outgoingSeqNum;
    private uint _incomingSeqNum;

    public byte[] ClientSigningKey { get; } = new byte[NtlmKeys.KeySize];
    public byte[] ServerSigningKey { get; } = new byte[NtlmKeys.KeySize];
    public byte[] ClientSealingKey { get; } = new byte[NtlmKeys.KeySize];
    public byte[] ServerSealingKey { get; } = new byte[NtlmKeys.KeySize];
    public bool IsServer { get; }

    /// <param name="exportedSessionKey">The 16-byte ExportedSessionKey.</param>
    /// <param name="flags">The negotiated flags; must include NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY.</param>
    /// <param name="isServer">True for the acceptor: it signs with the server-to-client keys.</param>
    public NtlmSessionSecurity(ReadOnlySpan<byte> exportedSessionKey, NegotiateFlags flags, bool isServer)
    {
        if (exportedSessionKey.Length != NtlmKeys.KeySize) throw new ArgumentException("ExportedSessionKey must be 16 bytes", nameof(exportedSessionKey));
        IsServer = isServer;
        _keyExch = (flags & NegotiateFlags.NegotiateKeyExch) != 0;
        NtlmKeys.SignKey(exportedSessionKey, clientToServer: true, ClientSigningKey);
        NtlmKeys.SignKey(exportedSessionKey, clientToServer: false, ServerSigningKey);
        NtlmKeys.SealKey(exportedSessionKey, flags, clientToServer: true, ClientSealingKey);
        NtlmKeys.SealKey(exportedSessionKey, flags, clientToServer: false, ServerSealingKey);
        _outgoingHandle = new Rc4(isServer ? ServerSealingKey : ClientSealingKey);
        _incomingHandle = new Rc4(isServer ? ClientSealingKey : ServerSealingKey);
    }

    private byte[] OutgoingSigningKey => IsServer ? ServerSigningKey : ClientSigningKey;
    private byte[] IncomingSigningKey => IsServer ? ClientSigningKey : ServerSigningKey;

    /// <summary>GSS_GetMIC: the 16-byte signature of <paramref name="message"/> with the next outgoing sequence number.</summary>
    public void GetMic(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        NtlmMessageSignature.Compute(OutgoingSigningKey, _keyExch ? _outgoingHandle : null, _outgoingSeqNum, message, signature);
        _outgoingSeqNum++;
    }

    public byte[] GetMic(ReadOnlySpan<byte> message)
    {
        var signature = new byte[NtlmMessageSignature.Size];
        GetMic(message, signature);
        return signature;
    }

    /// <summary>
    /// GSS_VerifyMIC: recomputes the signature with the next incoming sequence number and compares
    /// all 16 bytes (version, checksum, sequence number) in constant time.
    /// </summary>
    public bool VerifyMic(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[NtlmMessageSignature.Size];
        NtlmMessageSignature.Compute(IncomingSigningKey, _keyExch ? _incomingHandle : null, _incomingSeqNum, message, expected);
        _incomingSeqNum++;
        return signature.Length == NtlmMessageSignature.Size && CryptographicOperations.FixedTimeEquals(expected, signature);
    }
}
