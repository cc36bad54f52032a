using System.Formats.Asn1;

namespace Protocol.Spnego;

/// <summary>
/// Tags shared by the SPNEGO tokens (RFC 4178 4.2, DEFINITIONS EXPLICIT TAGS: every [n] is an
/// explicit, constructed wrapper around the field's own encoding).
/// </summary>
internal static class SpnegoAsn1
{
    /// <summary>RFC 2743 3.1: InitialContextToken ::= [APPLICATION 0] IMPLICIT SEQUENCE { thisMech, innerContextToken }.</summary>
    public static readonly Asn1Tag GssInitialContextToken = new(TagClass.Application, 0, isConstructed: true);

    public static Asn1Tag Context(int number) => new(TagClass.ContextSpecific, number, isConstructed: true);

    /// <summary>True if the next element is the explicit [<paramref name="number"/>] wrapper.</summary>
    public static bool NextIs(AsnReader reader, int number)
        => reader.HasData && reader.PeekTag().HasSameClassAndValue(Context(number));
}
