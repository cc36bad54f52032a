namespace SmbServer.IntegrationTests.Clients;

/// <summary>
/// One captured TCP segment that carried SMB2, as tshark decodes it: each list holds one value per
/// SMB2 PDU in the segment (tshark's field occurrences), in order. A TRANSFORM message
/// (MS-SMB2 2.2.41) has a ProtocolId and nothing else: without keys tshark cannot look inside.
/// </summary>
/// <param name="Stream">tshark's tcp.stream: one number per TCP connection, in order of first packet.</param>
/// <param name="FromServer">Sent by the server (source port = the server's port).</param>
/// <param name="ProtocolIds">smb2.protocol_id as tshark prints it: "0xfe534d42" (SMB2) or "0xfd534d42" (TRANSFORM).</param>
/// <param name="Commands">smb2.cmd in decimal (0 NEGOTIATE, 1 SESSION_SETUP, ...).</param>
/// <param name="Statuses">smb2.nt_status of responses, e.g. "0x00000000".</param>
/// <param name="CipherIds">smb2.negotiate_context.cipher_id: every cipher a NEGOTIATE offers or selects, e.g. "0x0002".</param>
public sealed record CapturedSmb2Frame(
    int Stream,
    bool FromServer,
    IReadOnlyList<string> ProtocolIds,
    IReadOnlyList<string> Commands,
    IReadOnlyList<string> Statuses,
    IReadOnlyList<string> CipherIds)
{
    public const string Smb2ProtocolId = "0xfe534d42";
    public const string TransformProtocolId = "0xfd534d42";

    /// <summary>Every PDU in the segment is an SMB2 TRANSFORM (encrypted) message.</summary>
    public bool IsEncrypted => ProtocolIds.Count > 0 && ProtocolIds.All(p => p == TransformProtocolId);

    public bool Carries(int command) => Commands.Contains(command.ToString());

    public override string ToString() =>
        $"stream {Stream} {(FromServer ? "server->client" : "client->server")} protocol [{string.Join(',', ProtocolIds)}] " +
        $"cmd [{string.Join(',', Commands)}] status [{string.Join(',', Statuses)}] ciphers [{string.Join(',', CipherIds)}]";
}
