namespace Protocol.Dcerpc;

/// <summary>p_cont_elem_t (C706 12.6.3.1): one presentation context a client proposes in a bind or alter_context.</summary>
public sealed record DcerpcPresentationContext(ushort ContextId, DcerpcSyntaxId AbstractSyntax, IReadOnlyList<DcerpcSyntaxId> TransferSyntaxes);
