using System.Formats.Asn1;
using Protocol.Spnego;

namespace Protocol.Tests.Spnego;

public class NegTokenTests
{
    // [APPLICATION 0] { OID 1.3.6.1.5.5.2, [0] { SEQUENCE { [0] { SEQUENCE { OID 1.3.6.1.4.1.311.2.2.10 } } } } }, DER by hand.
    private const string InitialTokenHex = "601c06062b0601050502a0123010a00e300c060a2b06010401823702020a";

    [Fact]
    public void ServerInitialTokenIsExactlyTheDerWeExpect()
        => Assert.Equal(InitialTokenHex, Hex.Of(SpnegoServer.BuildInitialToken()));

    [Fact]
    public void ServerInitialTokenParsesBack()
    {
        Assert.True(NegTokenInit.TryParse(Hex.Bytes(InitialTokenHex), out var init, out _));
        Assert.Equal([SpnegoOids.Ntlmssp], init.MechTypes);
        Assert.Null(init.MechToken);
        Assert.Null(init.MechListMic);
        Assert.Equal("300c060a2b06010401823702020a", Hex.Of(init.MechTypesDer));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NegTokenInitRoundTripsAtAnOffset(bool gssWrapped)
    {
        var original = new NegTokenInit([SpnegoOids.MsKerberos5, SpnegoOids.Kerberos5, SpnegoOids.NegoEx, SpnegoOids.Ntlmssp],
            "NTLMSSP\0token"u8.ToArray(), [1, 2, 3]);
        var bytes = Hex.Embedded(original.Encode(gssWrapped));
        Assert.True(NegTokenInit.TryParse(bytes.Span, out var parsed, out var error), error.ToString());
        Assert.Equal(original.MechTypes, parsed.MechTypes);
        Assert.Equal(original.MechToken, parsed.MechToken);
        Assert.Equal(original.MechListMic, parsed.MechListMic);
        Assert.Equal(original.MechTypesDer, parsed.MechTypesDer);
    }

    [Fact]
    public void NegTokenInit2WithReqFlagsNegHintsAndMicParses()
    {
        // MS-SPNG 2.2.1 NegTokenInit2: negHints at [3] (skipped), mechListMIC at [4].
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(new Asn1Tag(TagClass.Application, 0, true)))
        {
            writer.WriteObjectIdentifier(SpnegoOids.Spnego);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            using (writer.PushSequence())
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                    writer.WriteEncodedValue(NegTokenInit.EncodeMechTypes([SpnegoOids.Ntlmssp]));
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true)))
                    writer.WriteBitString([0x60], 1);
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, true)))
                    writer.WriteOctetString([9, 9]);
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3, true)))
                using (writer.PushSequence())
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                    writer.WriteEncodedValue([0x1b, 36, .. "not_defined_in_RFC4178@please_ignore"u8]); // GeneralString
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, true)))
                    writer.WriteOctetString([7]);
            }
        }
        Assert.True(NegTokenInit.TryParse(writer.Encode(), out var init, out var error), error.ToString());
        Assert.Equal([SpnegoOids.Ntlmssp], init.MechTypes);
        Assert.Equal([9, 9], init.MechToken);
        Assert.Equal([7], init.MechListMic);
    }

    [Fact]
    public void NegTokenRespHasTheExpectedDer()
    {
        // [1] { SEQUENCE { [0] { ENUMERATED 0 } } }
        Assert.Equal("a1073005a0030a0100", Hex.Of(new NegTokenResp(NegState.AcceptCompleted).Encode()));
        Assert.Equal("a1023000", Hex.Of(new NegTokenResp().Encode()));
    }

    public static TheoryData<NegTokenResp> Responses => new()
    {
        new NegTokenResp(),
        new NegTokenResp(NegState.AcceptCompleted),
        new NegTokenResp(NegState.AcceptIncomplete, SpnegoOids.Ntlmssp, [1, 2, 3]),
        new NegTokenResp(NegState.Reject),
        new NegTokenResp(NegState.RequestMic, MechListMic: [4, 5]),
        new NegTokenResp(ResponseToken: new byte[300], MechListMic: new byte[16]),
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public void NegTokenRespRoundTripsAtAnOffset(NegTokenResp original)
    {
        var bytes = Hex.Embedded(original.Encode());
        Assert.True(NegTokenResp.TryParse(bytes.Span, out var parsed, out var error), error.ToString());
        Assert.Equal(original.NegState, parsed.NegState);
        Assert.Equal(original.SupportedMech, parsed.SupportedMech);
        Assert.Equal(original.ResponseToken, parsed.ResponseToken);
        Assert.Equal(original.MechListMic, parsed.MechListMic);
    }

    public static TheoryData<string> MalformedInits => new()
    {
        "",                                             // nothing
        "00",                                           // not a tag we know
        "601c06062b0601050502a0123010a00e300c060a2b06010401823702020a00", // trailing byte
        "601e06092a864886f712010202a0113010a00e300c060a2b06010401823702020a", // GSS token of Kerberos, not SPNEGO
        "a1073005a0030a0100",                           // a NegTokenResp where a NegTokenInit is due
        "6080",                                         // BER indefinite length: not DER
        "60840000001c06062b06",                          // non-minimal length: not DER
        "60ff",                                          // length longer than the buffer
        "a0023000",                                      // NegTokenInit without mechTypes
        "a0083006a0043002 0500",                         // mechTypes holding a NULL, not an OID
        "a00a3008a00430020600a100",                      // empty OID, empty reqFlags
    };

    [Theory]
    [MemberData(nameof(MalformedInits))]
    public void MalformedNegTokenInitIsInvalidParameter(string hex)
    {
        Assert.False(NegTokenInit.TryParse(Hex.Bytes(hex), out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(20, false)]
    [InlineData(120, false)]
    public void OverlongMechanismOidIsRefused(int contentLength, bool accepted)
    {
        // An OID with one huge arc: 2b, then 0xff continuation bytes, then 0x7f. System.Formats.Asn1
        // refuses arcs over 128 bits, so a hostile arc costs no big-integer work.
        var oid = "06" + contentLength.ToString("x2") + "2b" + new string('f', 2 * (contentLength - 2)) + "7f";
        string Wrap(string tag, string content) => tag + (content.Length / 2).ToString("x2") + content;
        var token = Wrap("a0", Wrap("30", Wrap("a0", Wrap("30", oid))));
        Assert.Equal(accepted, NegTokenInit.TryParse(Hex.Bytes(token), out _, out var error));
        if (!accepted) Assert.Equal(NtStatus.InvalidParameter, error);
    }

    public static TheoryData<string> MalformedResps => new()
    {
        "",
        "a0023000",                  // a NegTokenInit shape
        "a1073005a0030a0105",        // negState 5
        "a1083006a0040a020100",      // negState not minimal / two bytes
        "a1073005a0030a0100ff",      // trailing byte
        "a1053003a10106",            // supportedMech cut short
        "a1063004a202040000",        // trailing byte after the token
        "a1073005a3030a0100",        // mechListMIC that is not an OCTET STRING
    };

    [Theory]
    [MemberData(nameof(MalformedResps))]
    public void MalformedNegTokenRespIsInvalidParameter(string hex)
    {
        Assert.False(NegTokenResp.TryParse(Hex.Bytes(hex), out _, out var error));
        Assert.Equal(NtStatus.InvalidParameter, error);
    }

    [Fact]
    public void EveryTruncationOfValidTokensIsInvalidParameter()
    {
        var init = new NegTokenInit([SpnegoOids.Kerberos5, SpnegoOids.Ntlmssp], new byte[40], new byte[16]).Encode();
        for (int length = 0; length < init.Length; length++)
        {
            Assert.False(NegTokenInit.TryParse(init.AsSpan(0, length), out _, out var error));
            Assert.Equal(NtStatus.InvalidParameter, error);
        }
        var resp = new NegTokenResp(NegState.AcceptIncomplete, SpnegoOids.Ntlmssp, new byte[40], new byte[16]).Encode();
        for (int length = 0; length < resp.Length; length++)
        {
            Assert.False(NegTokenResp.TryParse(resp.AsSpan(0, length), out _, out var error));
            Assert.Equal(NtStatus.InvalidParameter, error);
        }
    }

    [Fact]
    public void RandomAndMutatedInputNeverThrows()
    {
        var random = new Random(1234);
        var seeds = new[]
        {
            new NegTokenInit([SpnegoOids.Kerberos5, SpnegoOids.Ntlmssp], new byte[20], new byte[16]).Encode(),
            new NegTokenResp(NegState.AcceptIncomplete, SpnegoOids.Ntlmssp, new byte[20], new byte[16]).Encode(),
        };
        for (int i = 0; i < 5000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])seeds[i / 2 % 2].Clone();
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }
            NegTokenInit.TryParse(input, out _, out var e1);
            NegTokenResp.TryParse(input, out _, out var e2);
            Assert.True(e1 == NtStatus.Success || e1 == NtStatus.InvalidParameter);
            Assert.True(e2 == NtStatus.Success || e2 == NtStatus.InvalidParameter);
        }
    }
}
