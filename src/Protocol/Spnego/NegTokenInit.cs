using System.Formats.Asn1;

namespace Protocol.Spnego;

/// <summary>
/// NegTokenInit (RFC 4178 4.2.1), and NegTokenInit2 (MS-SPNG 2.2.1) which the server sends in
/// the SMB2 NEGOTIATE response:
/// <code>
/// NegTokenInit  ::= SEQUENCE { mechTypes [0] MechTypeList, reqFlags [1] ContextFlags OPTIONAL,
///                              mechToken [2] OCTET STRING OPTIONAL, mechListMIC [3] OCTET STRING OPTIONAL }
/// NegTokenInit2 ::= SEQUENCE { mechTypes [0], reqFlags [1], mechToken [2], negHints [3] NegHints OPTIONAL,
///                              mechListMIC [4] OCTET STRING OPTIONAL }
/// </code>
/// inside NegotiationToken [0], usually inside the GSS-API InitialContextToken
/// [APPLICATION 0] { 1.3.6.1.5.5.2, ... } (RFC 2743 3.1).
/// </summary>
public sealed record NegTokenInit(IReadOnlyList<string> MechTypes, byte[]? MechToken = null, byte[]? MechListMic = null)
{
    /// <summary>
    /// The DER encoding of MechTypeList exactly as received (or as <see cref="Encode"/> writes it):
    /// what the mechListMIC protects (RFC 4178 5).
    /// </summary>
    public byte[] MechTypesDer { get; init; } = EncodeMechTypes(MechTypes);

    /// <summary>
    /// Parses a GSS-API-wrapped or bare NegTokenInit. Any malformed DER, a wrong GSS mechanism
    /// or trailing bytes give InvalidParameter. negHints and reqFlags are skipped unread.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> token, out NegTokenInit init, out NtStatus error)
    {
        init = null!;
        try
        {
            var reader = new AsnReader(token.ToArray(), AsnEncodingRules.DER);
            var negotiationToken = reader;
            if (reader.PeekTag().HasSameClassAndValue(SpnegoAsn1.GssInitialContextToken))
            {
                negotiationToken = reader.ReadSequence(SpnegoAsn1.GssInitialContextToken);
                reader.ThrowIfNotEmpty();
                if (negotiationToken.ReadObjectIdentifier() != SpnegoOids.Spnego)
                {
                    error = NtStatus.InvalidParameter;
                    return false;
                }
            }
            var choice = negotiationToken.ReadSequence(SpnegoAsn1.Context(0));
            negotiationToken.ThrowIfNotEmpty();
            var sequence = choice.ReadSequence();
            choice.ThrowIfNotEmpty();

            var mechTypesField = sequence.ReadSequence(SpnegoAsn1.Context(0));
            var mechTypesDer = mechTypesField.PeekEncodedValue().ToArray();
            var mechList = mechTypesField.ReadSequence();
            mechTypesField.ThrowIfNotEmpty();
            var mechTypes = new List<string>();
            while (mechList.HasData) mechTypes.Add(mechList.ReadObjectIdentifier());

            if (SpnegoAsn1.NextIs(sequence, 1)) sequence.ReadEncodedValue(); // reqFlags: unused by SMB
            byte[]? mechToken = null, mechListMic = null;
            if (SpnegoAsn1.NextIs(sequence, 2)) mechToken = ReadExplicitOctetString(sequence, 2);
            if (SpnegoAsn1.NextIs(sequence, 3))
            {
                // [3] is mechListMIC in RFC 4178 and negHints in NegTokenInit2: tell them apart by content.
                var field = sequence.ReadSequence(SpnegoAsn1.Context(3));
                if (field.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString)) mechListMic = field.ReadOctetString();
                else field.ReadEncodedValue();
                field.ThrowIfNotEmpty();
            }
            if (SpnegoAsn1.NextIs(sequence, 4)) mechListMic = ReadExplicitOctetString(sequence, 4);
            sequence.ThrowIfNotEmpty();

            init = new NegTokenInit(mechTypes, mechToken, mechListMic) { MechTypesDer = mechTypesDer };
            error = NtStatus.Success;
            return true;
        }
        catch (AsnContentException)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
    }

    /// <summary>
    /// Encodes the token; with <paramref name="gssWrapped"/> (the default, what SMB2 carries) inside
    /// the GSS-API InitialContextToken.
    /// </summary>
    public byte[] Encode(bool gssWrapped = true)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        if (gssWrapped)
        {
            using (writer.PushSequence(SpnegoAsn1.GssInitialContextToken))
            {
                writer.WriteObjectIdentifier(SpnegoOids.Spnego);
                WriteNegotiationToken(writer);
            }
        }
        else
        {
            WriteNegotiationToken(writer);
        }
        return writer.Encode();
    }

    private void WriteNegotiationToken(AsnWriter writer)
    {
        using (writer.PushSequence(SpnegoAsn1.Context(0)))
        using (writer.PushSequence())
        {
            using (writer.PushSequence(SpnegoAsn1.Context(0))) writer.WriteEncodedValue(MechTypesDer);
            if (MechToken is not null)
                using (writer.PushSequence(SpnegoAsn1.Context(2))) writer.WriteOctetString(MechToken);
            if (MechListMic is not null)
                using (writer.PushSequence(SpnegoAsn1.Context(3))) writer.WriteOctetString(MechListMic);
        }
    }

    /// <summary>MechTypeList ::= SEQUENCE OF MechType (OBJECT IDENTIFIER), DER.</summary>
    public static byte[] EncodeMechTypes(IReadOnlyList<string> mechTypes)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
            foreach (var oid in mechTypes) writer.WriteObjectIdentifier(oid);
        return writer.Encode();
    }

    internal static byte[] ReadExplicitOctetString(AsnReader sequence, int number)
    {
        var field = sequence.ReadSequence(SpnegoAsn1.Context(number));
        var value = field.ReadOctetString();
        field.ThrowIfNotEmpty();
        return value;
    }
}
