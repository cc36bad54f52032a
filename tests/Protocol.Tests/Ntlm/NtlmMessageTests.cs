using System.Buffers.Binary;
using Protocol.Ntlm;

namespace Protocol.Tests.Ntlm;

public class NtlmMessageTests
{
    private static AuthenticateMessage SampleAuthenticate(byte[]? mic = null) => new(
        TestNtlmClient.DefaultFlags,
        new byte[24],
        [.. new byte[16], .. NtlmV2Response.BuildClientChallengeBlob(42, new byte[8],
            [AvPair.FromString(AvId.MsvAvNbComputerName, "SRV"), AvPair.FromFlags(mic is null ? MsvAvFlags.None : MsvAvFlags.MicPresent)])],
        "DOM", "bob", "WS", Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), new NtlmVersion(10, 0, 1), mic);

    [Fact]
    public void NegotiateRoundTripsAtAnOffset()
    {
        var original = new NegotiateMessage(TestNtlmClient.DefaultFlags | NegotiateFlags.NegotiateOemDomainSupplied
            | NegotiateFlags.NegotiateOemWorkstationSupplied, "DOMAIN", "WKS", new NtlmVersion(6, 1, 7601));
        var bytes = Hex.Embedded(original.ToArray());
        Assert.True(NegotiateMessage.TryParse(bytes.Span, out var parsed, out var error), error.ToString());
        Assert.Equal(original, parsed);
    }

    [Fact]
    public void NegotiateOfOnlySixteenBytesIsAccepted()
    {
        var bytes = new NegotiateMessage(NegotiateFlags.NegotiateUnicode).ToArray().AsSpan(0, 16);
        Assert.True(NegotiateMessage.TryParse(bytes, out var parsed, out _));
        Assert.Equal(NegotiateFlags.NegotiateUnicode, parsed.NegotiateFlags);
    }

    [Fact]
    public void NegotiateErrors()
    {
        var good = new NegotiateMessage(NegotiateFlags.NegotiateOemDomainSupplied, "D").ToArray();
        Assert.Equal(NtStatus.InvalidParameter, ParseNegotiate(good.AsSpan(0, 15)));
        Assert.Equal(NtStatus.InvalidParameter, ParseNegotiate([]));
        var badSignature = (byte[])good.Clone();
        badSignature[0] = (byte)'X';
        Assert.Equal(NtStatus.InvalidParameter, ParseNegotiate(badSignature));
        var wrongType = (byte[])good.Clone();
        wrongType[8] = 3;
        Assert.Equal(NtStatus.InvalidParameter, ParseNegotiate(wrongType));
        var offsetPastEnd = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(offsetPastEnd.AsSpan(20), 0xFFFFFFFF);
        Assert.Equal(NtStatus.InvalidParameter, ParseNegotiate(offsetPastEnd));
        // Field descriptors cut off by the end of the message.
        Assert.Equal(NtStatus.InvalidParameter, ParseNegotiate(good.AsSpan(0, 20)));
    }

    private static NtStatus ParseNegotiate(ReadOnlySpan<byte> bytes)
    {
        Assert.False(NegotiateMessage.TryParse(bytes, out _, out var error));
        return error;
    }

    [Fact]
    public void ChallengeRoundTripsAtAnOffset()
    {
        var original = new ChallengeMessage(NegotiateFlags.NegotiateUnicode | NegotiateFlags.NegotiateTargetInfo
            | NegotiateFlags.NegotiateVersion, "SERVER", Hex.Bytes("1122334455667788"),
            [AvPair.FromString(AvId.MsvAvNbDomainName, "WORKGROUP"), AvPair.FromTimestamp(0x01d9000000000000)],
            new NtlmVersion(10, 0, 0));
        var bytes = Hex.Embedded(original.ToArray());
        Assert.True(ChallengeMessage.TryParse(bytes.Span, out var parsed, out var error), error.ToString());
        Assert.Equal(original.NegotiateFlags, parsed.NegotiateFlags);
        Assert.Equal(original.TargetName, parsed.TargetName);
        Assert.Equal(original.ServerChallenge, parsed.ServerChallenge);
        Assert.Equal(original.TargetInfo.Select(p => (p.Id, Hex.Of(p.Value))), parsed.TargetInfo.Select(p => (p.Id, Hex.Of(p.Value))));
        Assert.Equal(original.Version, parsed.Version);
    }

    [Fact]
    public void AuthenticateRoundTripsAtAnOffsetWithMic()
    {
        var original = SampleAuthenticate(mic: Enumerable.Repeat((byte)0xA5, 16).ToArray());
        var bytes = Hex.Embedded(original.ToArray());
        Assert.True(AuthenticateMessage.TryParse(bytes.Span, out var parsed, out var error), error.ToString());
        Assert.Equal(original.NegotiateFlags, parsed.NegotiateFlags);
        Assert.Equal((original.DomainName, original.UserName, original.Workstation), (parsed.DomainName, parsed.UserName, parsed.Workstation));
        Assert.Equal(original.LmChallengeResponse, parsed.LmChallengeResponse);
        Assert.Equal(original.NtChallengeResponse, parsed.NtChallengeResponse);
        Assert.Equal(original.EncryptedRandomSessionKey, parsed.EncryptedRandomSessionKey);
        Assert.Equal(original.Version, parsed.Version);
        Assert.Equal(original.Mic, parsed.Mic);
        Assert.True(parsed.NtlmV2Response!.MicPresent);
        Assert.Equal(42ul, parsed.NtlmV2Response.TimeStamp);
    }

    [Fact]
    public void AuthenticateWithOemStrings()
    {
        var original = SampleAuthenticate() with { NegotiateFlags = NegotiateFlags.NegotiateOem | NegotiateFlags.NegotiateNtlm };
        Assert.True(AuthenticateMessage.TryParse(original.ToArray(), out var parsed, out _));
        Assert.Equal(("DOM", "bob", "WS"), (parsed.DomainName, parsed.UserName, parsed.Workstation));
    }

    // The descriptor offsets of AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3): Lm, Nt, Domain, User, Workstation, SessionKey.
    public static TheoryData<int> FieldOffsets => new() { 12, 20, 28, 36, 44, 52 };

    [Theory]
    [MemberData(nameof(FieldOffsets))]
    public void AuthenticateFieldOffsetPastTheEnd(int field)
    {
        var bytes = SampleAuthenticate().ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(field + 4), (uint)bytes.Length);
        Assert.Equal(NtStatus.InvalidParameter, ParseAuthenticate(bytes));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(field + 4), 0xFFFFFFFF);
        Assert.Equal(NtStatus.InvalidParameter, ParseAuthenticate(bytes));
    }

    [Theory]
    [MemberData(nameof(FieldOffsets))]
    public void AuthenticateFieldHugeLength(int field)
    {
        var bytes = SampleAuthenticate().ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(field), 0xFFFF);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(field + 2), 0xFFFF);
        Assert.Equal(NtStatus.InvalidParameter, ParseAuthenticate(bytes));
    }

    [Fact]
    public void AuthenticateTruncatedAtEveryLengthNeverThrows()
    {
        var bytes = SampleAuthenticate(mic: new byte[16]).ToArray();
        for (int length = 0; length < bytes.Length; length++)
            Assert.False(AuthenticateMessage.TryParse(bytes.AsSpan(0, length), out _, out _), $"length {length}");
    }

    [Fact]
    public void AuthenticateOddUnicodeLength()
    {
        var bytes = SampleAuthenticate().ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(36), 5); // UserNameFields.Len
        Assert.Equal(NtStatus.InvalidParameter, ParseAuthenticate(bytes));
    }

    [Fact]
    public void AuthenticateNtResponseTooShortForTheBlob()
    {
        var message = SampleAuthenticate() with { NtChallengeResponse = new byte[30] };
        Assert.Equal(NtStatus.InvalidParameter, ParseAuthenticate(message.ToArray()));
    }

    [Fact]
    public void AuthenticateBlobWithAvPairPastTheEnd()
    {
        byte[] nt = [.. new byte[16], .. NtlmV2Response.BuildClientChallengeBlob(0, new byte[8], [])];
        BinaryPrimitives.WriteUInt16LittleEndian(nt.AsSpan(16 + 28), (ushort)AvId.MsvAvFlags);
        BinaryPrimitives.WriteUInt16LittleEndian(nt.AsSpan(16 + 28 + 2), 100);
        var message = SampleAuthenticate() with { NtChallengeResponse = nt };
        Assert.Equal(NtStatus.InvalidParameter, ParseAuthenticate(message.ToArray()));
    }

    [Theory]
    [InlineData(87, false)]
    [InlineData(88, true)]
    public void AuthenticateClaimingAMicMustReachOffset88(int length, bool accepted)
    {
        // The NTLMv2 response (52 bytes: NTProofStr, blob header, MsvAvFlags = MIC present, no EOL)
        // overlaps the header so that the whole message can end before the MIC field does.
        byte[] blob = NtlmV2Response.BuildClientChallengeBlob(0, new byte[8], [AvPair.FromFlags(MsvAvFlags.MicPresent)]);
        byte[] nt = [.. new byte[16], .. blob.AsSpan(0, 36)];
        var message = new byte[length];
        NtlmMessageHeader.Write(message, NtlmMessageType.Authenticate);
        nt.CopyTo(message, 35);
        NtlmPayloadField.Write(message.AsSpan(20), nt.Length, 35);

        Assert.Equal(accepted, AuthenticateMessage.TryParse(message, out var parsed, out var error));
        if (accepted) Assert.Equal(16, parsed.Mic!.Length);
        else Assert.Equal(NtStatus.InvalidParameter, error);
    }

    private static NtStatus ParseAuthenticate(ReadOnlySpan<byte> bytes)
    {
        Assert.False(AuthenticateMessage.TryParse(bytes, out _, out var error));
        return error;
    }

    [Fact]
    public void AvPairListStopsAtEolAndIgnoresPadding()
    {
        byte[] bytes = [.. AvPairList.ToArray([AvPair.FromString(AvId.MsvAvNbDomainName, "D")]), 0, 0, 0, 0];
        Assert.True(AvPairList.TryParse(bytes, out var pairs, out _));
        Assert.Single(pairs);
        Assert.Equal("D", pairs[0].ValueAsString());
    }

    [Fact]
    public void AvPairListErrors()
    {
        Assert.False(AvPairList.TryParse(Hex.Bytes("0200"), out _, out var error)); // header cut
        Assert.Equal(NtStatus.InvalidParameter, error);
        Assert.False(AvPairList.TryParse(Hex.Bytes("02000400410042"), out _, out error)); // value cut
        Assert.Equal(NtStatus.InvalidParameter, error);
        Assert.False(AvPairList.TryParse(Hex.Bytes("0200ffff00"), out _, out error)); // huge length
        Assert.Equal(NtStatus.InvalidParameter, error);
    }
}
