using System.Buffers.Binary;
using Protocol;
using Protocol.Crypto;
using Protocol.Smb2;
using Protocol.Tests.Ntlm;

namespace SmbServer.Tests.Server;

/// <summary>
/// An NTLMv2 session with a tree on [share] of a <see cref="TestServer"/> (posix backend on a temp
/// directory), with builders for the file commands and a sender of compound messages. Unsigned:
/// the test server does not require signing.
/// </summary>
internal sealed class LiveSession : IDisposable
{
    public const string Password = "Secret1!";

    private LiveSession(RawSmbClient client, ulong sessionId, uint treeId)
    {
        Client = client;
        SessionId = sessionId;
        TreeId = treeId;
    }

    public RawSmbClient Client { get; }
    public ulong SessionId { get; }
    public uint TreeId { get; }

    /// <summary>Adds user alice to the server's passdb (call once per server, before logging in).</summary>
    public static void AddUser(TestServer server)
    {
        var hash = Convert.ToHexString(NtHash.Compute(Password));
        File.WriteAllText(Path.Combine(server.Dir, "smbpasswd"),
            $"alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:{hash}:[U          ]:LCT-65000000:\n");
    }

    public static LiveSession Open(TestServer server)
    {
        var c = server.Connect();
        Assert.NotNull(c.Negotiate(Smb2Dialect.Smb210));
        var ntlm = new TestNtlmClient { Password = Password };
        c.SendFrame(c.Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size, ntlm.CreateNegotiate())));
        var challenge = c.Receive();
        Assert.NotNull(challenge);
        ulong sessionId = BinaryPrimitives.ReadUInt64LittleEndian(challenge.AsSpan(Smb2Header.SessionIdOffset));
        Assert.True(Smb2SessionSetupResponse.TryParse(challenge, Smb2Header.Size, out var s1, out _));
        c.SendFrame(c.Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size, ntlm.CreateAuthenticate(s1.GetSecurityBuffer(challenge))), sessionId: sessionId));
        var final = c.Receive();
        Assert.NotNull(final);
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(final));

        c.SendFrame(c.Build(Smb2Command.TreeConnect, m => new Smb2TreeConnectRequest(0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size, @"\\127.0.0.1\share"), sessionId: sessionId));
        var tcon = c.Receive();
        Assert.NotNull(tcon);
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(tcon));
        uint treeId = BinaryPrimitives.ReadUInt32LittleEndian(tcon.AsSpan(Smb2Header.TreeIdOffset));
        return new LiveSession(c, sessionId, treeId);
    }

    public byte[] Build(Smb2Command command, Func<byte[], int> writeBody) => Client.Build(command, writeBody, SessionId, TreeId);

    public byte[] Create(string name, uint desiredAccess, Smb2CreateDisposition disposition,
        Smb2CreateOptions options = 0, uint fileAttributes = 0x80, Smb2ShareAccess share = Smb2ShareAccess.Read | Smb2ShareAccess.Write | Smb2ShareAccess.Delete)
        => Build(Smb2Command.Create, m => new Smb2CreateRequest(0, Smb2OplockLevel.None, Smb2ImpersonationLevel.Impersonation, 0,
            desiredAccess, fileAttributes, share, disposition, options, 0, 0, 0, 0).Write(m, Smb2Header.Size, name));

    public byte[] Close(Smb2FileId fileId) => Build(Smb2Command.Close, m => new Smb2CloseRequest(0, fileId).Write(m, Smb2Header.Size));

    public byte[] Read(Smb2FileId fileId, uint length, ulong offset = 0)
        => Build(Smb2Command.Read, m => new Smb2ReadRequest(0, 0, length, offset, fileId, 0, 0, 0, 0, 0).Write(m, Smb2Header.Size));

    public byte[] Write(Smb2FileId fileId, byte[] data, ulong offset = 0)
        => Build(Smb2Command.Write, m => new Smb2WriteRequest(0, (uint)data.Length, offset, fileId, 0, 0, 0, 0, 0).Write(m, Smb2Header.Size, data));

    public byte[] QueryInfo(Smb2FileId fileId, byte fileInfoClass, uint outputLength = 4096)
        => Build(Smb2Command.QueryInfo, m => new Smb2QueryInfoRequest(Smb2InfoType.File, fileInfoClass, outputLength, 0, 0, 0, 0, fileId)
            .Write(m, Smb2Header.Size));

    public byte[] TreeDisconnect() => Build(Smb2Command.TreeDisconnect, m => new Smb2TreeDisconnectRequest().Write(m, Smb2Header.Size));

    /// <summary>Sends one message and returns its response.</summary>
    public byte[] Send(byte[] message)
    {
        Client.SendFrame(message);
        var response = Client.Receive();
        Assert.NotNull(response);
        return response;
    }

    /// <summary>
    /// Sends the messages as one compound (each after the first related when <paramref name="related"/>)
    /// and returns the responses of the compound answer, in order.
    /// </summary>
    public List<byte[]> SendCompound(bool related, params byte[][] messages)
    {
        var frame = new List<byte>();
        for (int i = 0; i < messages.Length; i++)
        {
            var m = messages[i];
            bool last = i == messages.Length - 1;
            int length = last ? m.Length : (m.Length + 7) & ~7;
            var element = new byte[length];
            m.CopyTo(element, 0);
            if (!last) Smb2Header.SetNextCommand(element, (uint)length);
            if (related && i > 0) Smb2Header.AddFlags(element, Smb2HeaderFlags.RelatedOperations);
            frame.AddRange(element);
        }
        Client.SendFrame(frame.ToArray());
        var responses = new List<byte[]>();
        while (responses.Count < messages.Length)
        {
            var response = Client.Receive();
            Assert.NotNull(response);
            int offset = 0;
            while (true)
            {
                uint next = BinaryPrimitives.ReadUInt32LittleEndian(response.AsSpan(offset + Smb2Header.NextCommandOffset));
                int end = next == 0 ? response.Length : offset + (int)next;
                responses.Add(response.AsSpan(offset, end - offset).ToArray());
                if (next == 0) break;
                offset = end;
            }
        }
        return responses;
    }

    public static Smb2FileId FileIdOf(byte[] createResponse)
    {
        Assert.True(Smb2CreateResponse.TryParse(createResponse, Smb2Header.Size, out var r, out _));
        return r.FileId;
    }

    public void Dispose() => Client.Dispose();
}
