using System.Formats.Asn1;

namespace Protocol.Spnego;

/// <summary>
/// NegTokenResp (RFC 4178 4.2.2) inside NegotiationToken [1]; every token after the first, in
/// both directions, is one of these, not GSS-API-wrapped.
/// <code>
/// NegTokenResp ::= SEQUENCE { negState [0] ENUMERATED OPTIONAL, supportedMech [1] MechType OPTIONAL,
///                             responseToken [2] OCTET STRING OPTIONAL, mechListMIC [3] OCTET STRING OPTIONAL }
/// </code>
/// </summary>
public sealed record NegTokenResp(NegState? NegState = null, string? SupportedMech = null, byte[]? ResponseToken = null,
    byte[]? MechListMic = null)
{
    public static bool TryParse(ReadOnlySpan<byte> token, out NegTokenResp resp, out NtStatus error)
    {
        resp = null!;
        try
        {
            var reader = new AsnReader(token.ToArray(), AsnEncodingRules.DER);
            var choice = reader.ReadSequence(SpnegoAsn1.Context(1));
            reader.ThrowIfNotEmpty();
            var sequence = choice.ReadSequence();
            choice.ThrowIfNotEmpty();

            NegState? negState = null;
            if (SpnegoAsn1.NextIs(sequence, 0))
            {
                var field = sequence.ReadSequence(SpnegoAsn1.Context(0));
                var value = field.ReadEnumeratedBytes();
                field.ThrowIfNotEmpty();
                // DER: a single content byte for 0..3; anything else is not a negState we know.
                if (value.Length != 1 || value.Span[0] > (byte)Spnego.NegState.RequestMic)
                {
                    error = NtStatus.InvalidParameter;
                    return false;
                }
                negState = (NegState)value.Span[0];
            }
            string? supportedMech = null;
            if (SpnegoAsn1.NextIs(sequence, 1))
            {
                var field = sequence.ReadSequence(SpnegoAsn1.Context(1));
                supportedMech = field.ReadObjectIdentifier();
                field.ThrowIfNotEmpty();
            }
            byte[]? responseToken = null, mechListMic = null;
            if (SpnegoAsn1.NextIs(sequence, 2)) responseToken = NegTokenInit.ReadExplicitOctetString(sequence, 2);
            if (SpnegoAsn1.NextIs(sequence, 3)) mechListMic = NegTokenInit.ReadExplicitOctetString(sequence, 3);
            sequence.ThrowIfNotEmpty();

            resp = new NegTokenResp(negState, supportedMech, responseToken, mechListMic);
            error = NtStatus.Success;
            return true;
        }
        catch (AsnContentException)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
    }

    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence(SpnegoAsn1.Context(1)))
        using (writer.PushSequence())
        {
            if (NegState is { } state)
                using (writer.PushSequence(SpnegoAsn1.Context(0))) writer.WriteEnumeratedValue(state);
            if (SupportedMech is not null)
                using (writer.PushSequence(SpnegoAsn1.Context(1))) writer.WriteObjectIdentifier(SupportedMech);
            if (ResponseToken is not null)
                using (writer.PushSequence(SpnegoAsn1.Context(2))) writer.WriteOctetString(ResponseToken);
            if (MechListMic is not null)
                using (writer.PushSequence(SpnegoAsn1.Context(3))) writer.WriteOctetString(MechListMic);
        }
        return writer.Encode();
    }
}
