using System.Buffers.Binary;

namespace Protocol.Dcerpc;

/// <summary>
/// The body of a bind or alter_context PDU (C706 12.6.4.3 / 12.6.4.1; both share one layout).
/// <code>
///  16 max_xmit_frag (2) | 18 max_recv_frag (2) | 20 assoc_group_id (4)
///  24 n_context_elem (1) | reserved (1) | reserved2 (2)
///  28 p_cont_elem_t[n]: p_cont_id (2) | n_transfer_syn (1) | reserved (1) | abstract_syntax (20) | transfer_syntaxes (20 each)
/// </code>
/// </summary>
public sealed record DcerpcBind(ushort MaxXmitFrag, ushort MaxRecvFrag, uint AssocGroupId, IReadOnlyList<DcerpcPresentationContext> Contexts)
{
    private const int FixedSize = 12;
    private const int ContextHeaderSize = 4;

    /// <summary>Parses the PDU body: <paramref name="body"/> starts after the 16-octet header and ends before any auth verifier.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out DcerpcBind bind, out NtStatus error)
    {
        bind = null!;
        error = NtStatus.RpcProtocolError;
        if (body.Length < FixedSize) return false;

        ushort maxXmit = BinaryPrimitives.ReadUInt16LittleEndian(body);
        ushort maxRecv = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        uint assocGroup = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        int count = body[8];

        var contexts = new DcerpcPresentationContext[count];
        int offset = FixedSize;
        for (int i = 0; i < count; i++)
        {
            if (body.Length - offset < ContextHeaderSize + DcerpcSyntaxId.Size) return false;
            ushort contextId = BinaryPrimitives.ReadUInt16LittleEndian(body[offset..]);
            int transferCount = body[offset + 2];
            DcerpcSyntaxId.TryParse(body[(offset + ContextHeaderSize)..], out var abstractSyntax);
            offset += ContextHeaderSize + DcerpcSyntaxId.Size;

            if (body.Length - offset < transferCount * DcerpcSyntaxId.Size) return false;
            var transfers = new DcerpcSyntaxId[transferCount];
            for (int t = 0; t < transferCount; t++)
            {
                DcerpcSyntaxId.TryParse(body[offset..], out transfers[t]);
                offset += DcerpcSyntaxId.Size;
            }
            contexts[i] = new DcerpcPresentationContext(contextId, abstractSyntax, transfers);
        }

        bind = new DcerpcBind(maxXmit, maxRecv, assocGroup, contexts);
        error = NtStatus.Success;
        return true;
    }
}
