namespace Protocol.Dcerpc;

/// <summary>
/// The presentation contexts of one association (C706 12.6.3.1, 12.6.4.3): which interface each context id was
/// bound to by bind or alter_context, and the answer to each proposed context. Also holds the bind time features
/// the client and we agreed on (MS-RPCE 3.3.1.5.3).
/// </summary>
internal sealed class DcerpcContextTable(IReadOnlyList<IDcerpcInterface> interfaces)
{
    /// <summary>MS-RPCE 2.2.2.14 KeepConnectionOnOrphanSupported: we ignore orphaned PDUs and keep the association.</summary>
    private const byte SupportedFeatures = 0x02;

    private readonly Dictionary<ushort, IDcerpcInterface> _contexts = [];

    public IReadOnlyDictionary<ushort, IDcerpcInterface> Bound => _contexts;
    public byte NegotiatedFeatures { get; private set; }

    /// <summary>Answers each proposed context in order: the p_result_list has one entry per element (C706 12.6.4.4).</summary>
    public List<DcerpcContextResultEntry> Negotiate(IReadOnlyList<DcerpcPresentationContext> contexts)
    {
        var results = new List<DcerpcContextResultEntry>(contexts.Count);
        foreach (var context in contexts)
            results.Add(NegotiateOne(context));
        return results;
    }

    private DcerpcContextResultEntry NegotiateOne(DcerpcPresentationContext context)
    {
        // MS-RPCE 3.3.1.5.3: a context whose only transfer syntax is 6cb71c2c-9812-4540-<bitmask> asks which
        // features we share; we answer negotiate_ack with the accepted bits in the reason field.
        if (context.TransferSyntaxes.Count == 1 && context.TransferSyntaxes[0].TryGetFeatureNegotiationBitmask(out byte offered))
        {
            NegotiatedFeatures = (byte)(offered & SupportedFeatures);
            return new DcerpcContextResultEntry(DcerpcContextResult.NegotiateAck, NegotiatedFeatures, DcerpcSyntaxId.Null);
        }

        var iface = FindInterface(context.AbstractSyntax);
        if (iface is null)
            return Reject(DcerpcProviderReason.AbstractSyntaxNotSupported);
        // We marshal NDR 2.0 only; an NDR64-only (or unknown) proposal is refused so the client falls back.
        if (!context.TransferSyntaxes.Contains(DcerpcSyntaxId.Ndr20))
            return Reject(DcerpcProviderReason.ProposedTransferSyntaxesNotSupported);
        if (_contexts.TryGetValue(context.ContextId, out var existing) && !ReferenceEquals(existing, iface))
            return Reject(DcerpcProviderReason.ReasonNotSpecified);

        _contexts[context.ContextId] = iface;
        return new DcerpcContextResultEntry(DcerpcContextResult.Acceptance, 0, DcerpcSyntaxId.Ndr20);
    }

    private static DcerpcContextResultEntry Reject(DcerpcProviderReason reason)
        => new(DcerpcContextResult.ProviderRejection, (ushort)reason, DcerpcSyntaxId.Null);

    // C706 12.6.3.1 / 6.2.1: same UUID and major version; a client may ask for a minor version up to ours.
    private IDcerpcInterface? FindInterface(DcerpcSyntaxId abstractSyntax)
    {
        foreach (var iface in interfaces)
        {
            if (iface.Uuid == abstractSyntax.Uuid && iface.MajorVersion == abstractSyntax.MajorVersion
                && abstractSyntax.MinorVersion <= iface.MinorVersion)
                return iface;
        }
        return null;
    }
}
