using System.Buffers;
using Protocol;
using Protocol.Smb2;
using Protocol.Spnego;
using SmbServer.Configuration;
using SmbServer.Transport;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>SMB2 NEGOTIATE (MS-SMB2 3.3.5.4), and the answer to an SMB1 NEGOTIATE that upgrades (3.3.5.3.1).</summary>
public static class Smb2Negotiate
{
    /// <summary>Dialects this server implements, best first. Only these are ever selected.</summary>
    public static readonly Smb2Dialect[] Implemented =
        [Smb2Dialect.Smb311, Smb2Dialect.Smb302, Smb2Dialect.Smb300, Smb2Dialect.Smb210, Smb2Dialect.Smb202];

    private static readonly byte[] InitialToken = SpnegoServer.BuildInitialToken();

    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        await default(NoYield);
        var conn = r.Connection;
        if (conn.NegotiateDone)
        {
            // MS-SMB2 3.3.5.4: a second NEGOTIATE on a connection is a protocol violation.
            conn.Disconnect("second NEGOTIATE");
            r.NoResponse = true;
            return NtStatus.InvalidParameter;
        }
        if (!Smb2NegotiateRequest.TryParse(r.Message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        if (request.DialectCount == 0) return NtStatus.InvalidParameter;

        var dialect = Select(conn.Server, request, r.Message);
        if (dialect == 0)
        {
            conn.Disconnect("no common dialect");
            return NtStatus.NotSupported;
        }
        conn.ClientGuid = request.ClientGuid;
        conn.ClientSecurityMode = request.SecurityMode;
        conn.ClientCapabilities = request.Capabilities;

        Smb2NegotiateContextData[] contexts = [];
        if (dialect == Smb2Dialect.Smb311)
        {
            var status = Smb2NegotiateContexts.Select(r.Message, request, conn.Server.Config, out var choice);
            if (status.IsError) return status;
            conn.CipherId = choice.Cipher;
            conn.SigningAlgorithmId = choice.Signing;
            contexts = Smb2NegotiateContexts.Response(choice);
            // MS-SMB2 3.3.5.4: the preauth hash chains the NEGOTIATE request, then its response.
            conn.PreauthHash = new Smb2PreauthIntegrityHash();
            conn.PreauthHash.Update(r.Message);
            r.OnResponseFinal = static resp => resp.Connection.PreauthHash!.Update(resp.Response);
        }
        else if (dialect >= Smb2Dialect.Smb300 && (request.Capabilities & Smb2Capabilities.Encryption) != 0
                 && conn.Server.Config.ServerSmbEncrypt != SmbEncrypt.Off
                 && conn.Server.Config.EncryptionAlgorithms.Contains(Smb3EncryptionAlgorithm.Aes128Ccm))
        {
            // AES-128-CCM is the only cipher of 3.0 and 3.0.2 (MS-SMB2 3.1.4.3): they encrypt only
            // when "server smb3 encryption algorithms" lists it.
            conn.CipherId = Protocol.Encryption.Smb2CipherId.Aes128Ccm;
        }
        WriteResponse(conn, r, dialect, contexts);
        return NtStatus.Success;
    }

    private static Smb2Dialect Select(SmbServerContext server, in Smb2NegotiateRequest request, ReadOnlySpan<byte> message)
    {
        foreach (var candidate in Implemented)
        {
            if (candidate < server.MinDialect || candidate > server.MaxDialect) continue;
            for (int i = 0; i < request.DialectCount; i++)
                if (request.GetDialect(message, i) == candidate) return candidate;
        }
        return 0;
    }

    private static void WriteResponse(Smb2Connection conn, Smb2Request r, Smb2Dialect dialect, Smb2NegotiateContextData[]? contexts = null)
    {
        contexts ??= [];
        var server = conn.Server;
        conn.Dialect = dialect;
        bool largeMtu = dialect >= Smb2Dialect.Smb210;
        conn.ServerCapabilities = largeMtu ? Smb2Capabilities.LargeMtu : Smb2Capabilities.None;
        // 3.0/3.0.2 announce encryption as a capability; 3.1.1 negotiates it in a context instead.
        if (dialect is Smb2Dialect.Smb300 or Smb2Dialect.Smb302 && conn.CipherId != null)
            conn.ServerCapabilities |= Smb2Capabilities.Encryption;
        uint maxIo = largeMtu ? server.Limits.MaxIoSize : 65536;
        conn.MaxTransactSize = conn.MaxReadSize = conn.MaxWriteSize = maxIo;

        var response = new Smb2NegotiateResponse(
            SecurityMode: SecurityMode(server),
            DialectRevision: dialect,
            NegotiateContextCount: 0,
            ServerGuid: server.ServerGuid,
            Capabilities: conn.ServerCapabilities,
            MaxTransactSize: maxIo,
            MaxReadSize: maxIo,
            MaxWriteSize: maxIo,
            SystemTime: DateTime.UtcNow.ToFileTimeUtc(),
            ServerStartTime: 0,
            SecurityBufferOffset: 0,
            SecurityBufferLength: 0,
            NegotiateContextOffset: 0);
        int contextsLength = contexts.Length == 0 ? 0 : 8 + Smb2NegotiateContextList.GetLength(contexts);
        var message = r.ResponseMessage(Smb2Wire.BodyLength(Smb2NegotiateResponse.StructureSize, InitialToken.Length) + 8 + contextsLength);
        r.SetBody(response.Write(message, Smb2Request.BodyOffset, InitialToken, contexts));
    }

    /// <summary>MS-SMB2 3.3.5.4: signing is always enabled; required when "server signing = mandatory".</summary>
    public static Smb2SecurityMode SecurityMode(SmbServerContext server)
        => server.Config.ServerSigning == ServerSigning.Mandatory
            ? Smb2SecurityMode.SigningEnabled | Smb2SecurityMode.SigningRequired
            : Smb2SecurityMode.SigningEnabled;

    /// <summary>
    /// MS-SMB2 3.3.5.3.1: an SMB1 NEGOTIATE offering "SMB 2.???" gets an SMB2 NEGOTIATE response with
    /// dialect 0x02FF (the client then sends an SMB2 NEGOTIATE); one offering only "SMB 2.002" gets 2.0.2.
    /// The SMB1 message counts as message id 0.
    /// </summary>
    public static void SendSmb1UpgradeResponse(Smb2Connection conn, Smb2Dialect dialect)
    {
        conn.Credits.TryConsume(0, 1);
        ushort credits = conn.Credits.Grant(1, 1);
        var header = new Smb2Header(0, NtStatus.Success, Smb2Command.Negotiate, credits, Smb2HeaderFlags.ServerToRedir, 0, 0, 0, 0, 0, 0, default);
        var fake = new Smb2Request(conn, [], default, header) { Batch = new List<Smb2Request>() };
        if (dialect == Smb2Dialect.Smb2Wildcard)
        {
            conn.Dialect = Smb2Dialect.Smb2Wildcard;
            var response = new Smb2NegotiateResponse(SecurityMode(conn.Server), Smb2Dialect.Smb2Wildcard, 0, conn.Server.ServerGuid,
                Smb2Capabilities.None, 65536, 65536, 65536, DateTime.UtcNow.ToFileTimeUtc(), 0, 0, 0, 0);
            var message = fake.ResponseMessage(Smb2Wire.BodyLength(Smb2NegotiateResponse.StructureSize, InitialToken.Length) + 8);
            fake.SetBody(response.Write(message, Smb2Request.BodyOffset, InitialToken));
        }
        else
        {
            WriteResponse(conn, fake, dialect);
        }
        header.Write(fake.ResponseBuffer.AsSpan(fake.ResponseStart));
        conn.SendResponses([fake]);
    }
}
