using System.Buffers;
using System.Buffers.Binary;

namespace Protocol.Ntlm;

/// <summary>
/// CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2), server to client.
/// <code>
///  0           8        12                20               24                32         40                48        56
///  | "NTLMSSP\0" | Type=2 | TargetNameFields | NegotiateFlags | ServerChallenge | Reserved | TargetInfoFields | Version | Payload
/// </code>
/// TargetName uses the negotiated character set; TargetInfo is an AV_PAIR list, present when
/// NTLMSSP_NEGOTIATE_TARGET_INFO is set. Version is zero unless NTLMSSP_NEGOTIATE_VERSION is set.
/// </summary>
public sealed record ChallengeMessage(NegotiateFlags NegotiateFlags, string TargetName, byte[] ServerChallenge,
    IReadOnlyList<AvPair> TargetInfo, NtlmVersion? Version = null)
{
    public const int HeaderSize = 56;
    public const int ServerChallengeSize = 8;
    private const int TargetNameFieldsOffset = 12;
    private const int NegotiateFlagsOffset = 20;
    private const int ServerChallengeOffset = 24;
    private const int TargetInfoFieldsOffset = 40;
    private const int VersionOffset = 48;

    public static bool TryParse(ReadOnlySpan<byte> message, out ChallengeMessage challenge, out NtStatus error)
    {
        challenge = null!;
        if (!NtlmMessageHeader.TryCheck(message, NtlmMessageType.Challenge, out error)) return false;
        // The Version field is optional on the wire for old peers; everything before it is not.
        if (message.Length < VersionOffset)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        var flags = (NegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(NegotiateFlagsOffset));
        if (!NtlmPayloadField.TryRead(message, TargetNameFieldsOffset, out var nameBytes, out error)) return false;
        if (!NtlmEncoding.TryDecode(nameBytes, flags, out var targetName))
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        var serverChallenge = message.Slice(ServerChallengeOffset, ServerChallengeSize).ToArray();

        List<AvPair> targetInfo = [];
        if ((flags & NegotiateFlags.NegotiateTargetInfo) != 0)
        {
            if (!NtlmPayloadField.TryRead(message, TargetInfoFieldsOffset, out var infoBytes, out error)) return false;
            if (!AvPairList.TryParse(infoBytes, out targetInfo, out error)) return false;
        }
        NtlmVersion? version = null;
        if ((flags & NegotiateFlags.NegotiateVersion) != 0 && message.Length >= HeaderSize)
            version = NtlmVersion.Read(message.Slice(VersionOffset));

        challenge = new ChallengeMessage(flags, targetName, serverChallenge, targetInfo, version);
        error = NtStatus.Success;
        return true;
    }

    private bool HasTargetInfo => (NegotiateFlags & NegotiateFlags.NegotiateTargetInfo) != 0;

    public int GetLength()
        => HeaderSize + NtlmEncoding.For(NegotiateFlags).GetByteCount(TargetName)
           + (HasTargetInfo ? AvPairList.GetLength(TargetInfo) : 0);

    public void Write(IBufferWriter<byte> writer)
    {
        if (ServerChallenge.Length != ServerChallengeSize) throw new InvalidOperationException("ServerChallenge must be 8 bytes");
        int length = GetLength();
        var span = writer.GetSpan(length).Slice(0, length);
        span.Clear();
        NtlmMessageHeader.Write(span, NtlmMessageType.Challenge);
        BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(NegotiateFlagsOffset), (uint)NegotiateFlags);
        ServerChallenge.CopyTo(span.Slice(ServerChallengeOffset));
        if ((NegotiateFlags & NegotiateFlags.NegotiateVersion) != 0) (Version ?? NtlmVersion.Server).Write(span.Slice(VersionOffset));

        int payload = HeaderSize;
        int nameLength = NtlmEncoding.For(NegotiateFlags).GetBytes(TargetName, span.Slice(payload));
        NtlmPayloadField.Write(span.Slice(TargetNameFieldsOffset), nameLength, payload);
        payload += nameLength;
        if (HasTargetInfo)
        {
            int infoLength = AvPairList.Write(span.Slice(payload), TargetInfo);
            NtlmPayloadField.Write(span.Slice(TargetInfoFieldsOffset), infoLength, payload);
        }
        writer.Advance(length);
    }

    public byte[] ToArray()
    {
        var writer = new ArrayBufferWriter<byte>(GetLength());
        Write(writer);
        return writer.WrittenSpan.ToArray();
    }
}
