using System.Buffers;
using System.Buffers.Binary;

namespace Protocol.Ntlm;

/// <summary>
/// AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3), client to server.
/// <code>
///  0           8        12                          20                          28
///  | "NTLMSSP\0" | Type=3 | LmChallengeResponseFields | NtChallengeResponseFields | DomainNameFields
///  36               44                  52                                60               64        72    88
///  | UserNameFields | WorkstationFields | EncryptedRandomSessionKeyFields | NegotiateFlags | Version | MIC | Payload
/// </code>
/// Every field is bounds-checked against the message. The MIC field exists only when the NTLMv2
/// response's MsvAvFlags has bit 0x2 (MS-NLMP 2.2.2.1); then the message must reach offset 88.
/// </summary>
public sealed record AuthenticateMessage(
    NegotiateFlags NegotiateFlags,
    byte[] LmChallengeResponse,
    byte[] NtChallengeResponse,
    string DomainName,
    string UserName,
    string Workstation,
    byte[] EncryptedRandomSessionKey,
    NtlmVersion? Version = null,
    byte[]? Mic = null)
{
    /// <summary>Everything before Version: the least a (pre-Version) client sends.</summary>
    public const int MinimumSize = 64;
    public const int VersionOffset = 64;
    public const int MicOffset = 72;
    public const int MicSize = 16;
    public const int HeaderSize = MicOffset + MicSize;

    private const int LmChallengeResponseFieldsOffset = 12;
    private const int NtChallengeResponseFieldsOffset = 20;
    private const int DomainNameFieldsOffset = 28;
    private const int UserNameFieldsOffset = 36;
    private const int WorkstationFieldsOffset = 44;
    private const int EncryptedRandomSessionKeyFieldsOffset = 52;
    private const int NegotiateFlagsOffset = 60;

    /// <summary>The NtChallengeResponse parsed as NTLMv2_RESPONSE, or null for an NTLMv1/empty response (24 bytes or less).</summary>
    public NtlmV2Response? NtlmV2Response { get; private init; }

    public static bool TryParse(ReadOnlySpan<byte> message, out AuthenticateMessage authenticate, out NtStatus error)
    {
        authenticate = null!;
        if (!NtlmMessageHeader.TryCheck(message, NtlmMessageType.Authenticate, out error)) return false;
        if (message.Length < MinimumSize)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        var flags = (NegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(NegotiateFlagsOffset));

        if (!NtlmPayloadField.TryRead(message, LmChallengeResponseFieldsOffset, out var lm, out error)
            || !NtlmPayloadField.TryRead(message, NtChallengeResponseFieldsOffset, out var nt, out error)
            || !NtlmPayloadField.TryRead(message, DomainNameFieldsOffset, out var domainBytes, out error)
            || !NtlmPayloadField.TryRead(message, UserNameFieldsOffset, out var userBytes, out error)
            || !NtlmPayloadField.TryRead(message, WorkstationFieldsOffset, out var workstationBytes, out error)
            || !NtlmPayloadField.TryRead(message, EncryptedRandomSessionKeyFieldsOffset, out var sessionKey, out error))
            return false;

        if (!NtlmEncoding.TryDecode(domainBytes, flags, out var domain)
            || !NtlmEncoding.TryDecode(userBytes, flags, out var user)
            || !NtlmEncoding.TryDecode(workstationBytes, flags, out var workstation))
        {
            error = NtStatus.InvalidParameter;
            return false;
        }

        NtlmV2Response? v2 = null;
        if (nt.Length > NtlmV2Response.NtlmV1ResponseSize
            && !NtlmV2Response.TryParse(nt, out v2, out error)) return false;

        byte[]? mic = null;
        if (v2 is { MicPresent: true })
        {
            if (message.Length < HeaderSize)
            {
                error = NtStatus.InvalidParameter;
                return false;
            }
            mic = message.Slice(MicOffset, MicSize).ToArray();
        }

        NtlmVersion? version = null;
        if ((flags & NegotiateFlags.NegotiateVersion) != 0 && message.Length >= MicOffset)
            version = NtlmVersion.Read(message.Slice(VersionOffset));

        authenticate = new AuthenticateMessage(flags, lm.ToArray(), nt.ToArray(), domain, user, workstation,
            sessionKey.ToArray(), version, mic) { NtlmV2Response = v2 };
        error = NtStatus.Success;
        return true;
    }

    public int GetLength()
    {
        var encoding = NtlmEncoding.For(NegotiateFlags);
        return HeaderSize + encoding.GetByteCount(DomainName) + encoding.GetByteCount(UserName)
               + encoding.GetByteCount(Workstation) + LmChallengeResponse.Length + NtChallengeResponse.Length
               + EncryptedRandomSessionKey.Length;
    }

    /// <summary>
    /// Writes the message with the full 88-byte header (Version and MIC always present; a null
    /// <see cref="Mic"/> is written as zeros), payload in Windows' order: domain, user,
    /// workstation, LM, NT, session key.
    /// </summary>
    public void Write(IBufferWriter<byte> writer)
    {
        int length = GetLength();
        var span = writer.GetSpan(length).Slice(0, length);
        span.Clear();
        NtlmMessageHeader.Write(span, NtlmMessageType.Authenticate);
        BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(NegotiateFlagsOffset), (uint)NegotiateFlags);
        if ((NegotiateFlags & NegotiateFlags.NegotiateVersion) != 0) (Version ?? NtlmVersion.Server).Write(span.Slice(VersionOffset));
        Mic?.AsSpan(0, MicSize).CopyTo(span.Slice(MicOffset));

        var encoding = NtlmEncoding.For(NegotiateFlags);
        int payload = HeaderSize;
        payload += Put(span, DomainNameFieldsOffset, payload, encoding.GetBytes(DomainName));
        payload += Put(span, UserNameFieldsOffset, payload, encoding.GetBytes(UserName));
        payload += Put(span, WorkstationFieldsOffset, payload, encoding.GetBytes(Workstation));
        payload += Put(span, LmChallengeResponseFieldsOffset, payload, LmChallengeResponse);
        payload += Put(span, NtChallengeResponseFieldsOffset, payload, NtChallengeResponse);
        Put(span, EncryptedRandomSessionKeyFieldsOffset, payload, EncryptedRandomSessionKey);
        writer.Advance(length);
    }

    public byte[] ToArray()
    {
        var writer = new ArrayBufferWriter<byte>(GetLength());
        Write(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static int Put(Span<byte> message, int fieldOffset, int payloadOffset, ReadOnlySpan<byte> value)
    {
        value.CopyTo(message.Slice(payloadOffset));
        NtlmPayloadField.Write(message.Slice(fieldOffset), value.Length, payloadOffset);
        return value.Length;
    }
}
