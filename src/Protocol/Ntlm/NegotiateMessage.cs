using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Protocol.Ntlm;

/// <summary>
/// NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1), client to server.
/// <code>
///  0        8            12              16                 24                  32        40
///  | "NTLMSSP\0" | Type=1 | NegotiateFlags | DomainNameFields | WorkstationFields | Version | Payload
/// </code>
/// DomainName and Workstation are OEM strings, meaningful only with the *_SUPPLIED flags.
/// </summary>
public sealed record NegotiateMessage(NegotiateFlags NegotiateFlags, string? DomainName = null, string? Workstation = null,
    NtlmVersion? Version = null)
{
    /// <summary>Oldest clients stop after NegotiateFlags; we accept that.</summary>
    public const int MinimumSize = 16;
    public const int HeaderSize = 40;
    private const int DomainNameFieldsOffset = 16;
    private const int WorkstationFieldsOffset = 24;
    private const int VersionOffset = 32;

    public static bool TryParse(ReadOnlySpan<byte> message, out NegotiateMessage negotiate, out NtStatus error)
    {
        negotiate = null!;
        if (!NtlmMessageHeader.TryCheck(message, NtlmMessageType.Negotiate, out error)) return false;
        if (message.Length < MinimumSize)
        {
            error = NtStatus.InvalidParameter;
            return false;
        }
        var flags = (NegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message.Slice(12));

        string? domain = null, workstation = null;
        if ((flags & NegotiateFlags.NegotiateOemDomainSupplied) != 0)
        {
            if (!NtlmPayloadField.TryRead(message, DomainNameFieldsOffset, out var bytes, out error)) return false;
            domain = Encoding.Latin1.GetString(bytes);
        }
        if ((flags & NegotiateFlags.NegotiateOemWorkstationSupplied) != 0)
        {
            if (!NtlmPayloadField.TryRead(message, WorkstationFieldsOffset, out var bytes, out error)) return false;
            workstation = Encoding.Latin1.GetString(bytes);
        }
        NtlmVersion? version = null;
        if ((flags & NegotiateFlags.NegotiateVersion) != 0 && message.Length >= VersionOffset + NtlmVersion.Size)
            version = NtlmVersion.Read(message.Slice(VersionOffset));

        negotiate = new NegotiateMessage(flags, domain, workstation, version);
        error = NtStatus.Success;
        return true;
    }

    public int GetLength()
        => HeaderSize + (DomainName is null ? 0 : DomainName.Length) + (Workstation is null ? 0 : Workstation.Length);

    public void Write(IBufferWriter<byte> writer)
    {
        int length = GetLength();
        var span = writer.GetSpan(length).Slice(0, length);
        span.Clear();
        NtlmMessageHeader.Write(span, NtlmMessageType.Negotiate);
        BinaryPrimitives.WriteUInt32LittleEndian(span.Slice(12), (uint)NegotiateFlags);
        int payload = HeaderSize;
        payload += WriteOem(span, DomainNameFieldsOffset, DomainName, payload);
        WriteOem(span, WorkstationFieldsOffset, Workstation, payload);
        Version?.Write(span.Slice(VersionOffset));
        writer.Advance(length);
    }

    public byte[] ToArray()
    {
        var writer = new ArrayBufferWriter<byte>(GetLength());
        Write(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static int WriteOem(Span<byte> message, int fieldOffset, string? value, int payloadOffset)
    {
        int length = value is null ? 0 : Encoding.Latin1.GetBytes(value, message.Slice(payloadOffset));
        NtlmPayloadField.Write(message.Slice(fieldOffset), length, payloadOffset);
        return length;
    }
}
