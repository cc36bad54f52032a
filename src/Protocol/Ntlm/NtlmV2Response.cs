using System.Buffers.Binary;

namespace Protocol.Ntlm;

/// <summary>
/// NTLMv2_RESPONSE (MS-NLMP 2.2.2.8): the NtChallengeResponse of NTLMv2, the 16-byte NTProofStr
/// followed by the NTLMv2_CLIENT_CHALLENGE (2.2.2.7, the "temp" of 3.3.2):
/// <code>
///  0        1          2           4           8           16                    24          28
///  | RespType | HiRespType | Reserved1 | Reserved2 | TimeStamp | ChallengeFromClient | Reserved3 | AvPairs ...
/// </code>
/// </summary>
public sealed record NtlmV2Response(byte[] NtProofStr, byte[] ClientChallengeBlob, byte RespType, byte HiRespType,
    ulong TimeStamp, byte[] ChallengeFromClient, IReadOnlyList<AvPair> AvPairs)
{
    public const int NtProofStrSize = 16;
    /// <summary>NTLMv2_CLIENT_CHALLENGE up to (not including) AvPairs.</summary>
    public const int ClientChallengeHeaderSize = 28;
    public const int MinimumSize = NtProofStrSize + ClientChallengeHeaderSize;

    /// <summary>MS-NLMP 3.3.1: an NTLMv1 NtChallengeResponse is exactly 24 bytes; anything longer is NTLMv2.</summary>
    public const int NtlmV1ResponseSize = 24;

    public static bool TryParse(ReadOnlySpan<byte> ntChallengeResponse, out NtlmV2Response response, out NtStatus error)
    {
        response = null!;
        if (ntChallengeResponse.Length < MinimumSize)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        var blob = ntChallengeResponse.Slice(NtProofStrSize);
        if (!AvPairList.TryParse(blob.Slice(ClientChallengeHeaderSize), out var pairs, out error)) return false;
        response = new NtlmV2Response(
            ntChallengeResponse.Slice(0, NtProofStrSize).ToArray(),
            blob.ToArray(),
            blob[0],
            blob[1],
            BinaryPrimitives.ReadUInt64LittleEndian(blob.Slice(8)),
            blob.Slice(16, 8).ToArray(),
            pairs);
        return true;
    }

    /// <summary>True if MsvAvFlags has bit 0x2: the AUTHENTICATE_MESSAGE carries a MIC (MS-NLMP 2.2.2.1).</summary>
    public bool MicPresent => (AvPairList.GetFlags(AvPairs) & MsvAvFlags.MicPresent) != 0;

    /// <summary>
    /// Builds the NTLMv2_CLIENT_CHALLENGE ("temp" of MS-NLMP 3.3.2): RespType 1, HiRespType 1,
    /// zeros, the timestamp, the client challenge, zeros, the AV pairs with their EOL, and the
    /// 4 trailing zero bytes Windows and the 4.2.4 example append.
    /// </summary>
    public static byte[] BuildClientChallengeBlob(ulong timeStamp, ReadOnlySpan<byte> clientChallenge, IReadOnlyList<AvPair> avPairs)
    {
        if (clientChallenge.Length != 8) throw new ArgumentException("client challenge must be 8 bytes", nameof(clientChallenge));
        var blob = new byte[ClientChallengeHeaderSize + AvPairList.GetLength(avPairs) + 4];
        blob[0] = 1;
        blob[1] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(8), timeStamp);
        clientChallenge.CopyTo(blob.AsSpan(16));
        AvPairList.Write(blob.AsSpan(ClientChallengeHeaderSize), avPairs);
        return blob;
    }
}
