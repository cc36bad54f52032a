using System.Buffers.Binary;
using Protocol;
using Protocol.Crypto;
using Protocol.Encryption;
using Protocol.Signing;
using Protocol.Smb2;
using Protocol.Smb3;
using Protocol.Tests.Ntlm;

namespace SmbServer.Tests.Server;

/// <summary>
/// SMB 3.1.1 against the live server with raw packets: the NEGOTIATE contexts and their errors
/// (MS-SMB2 3.3.5.4), a real NTLMv2 login whose final SESSION_SETUP response is checked with keys
/// this side derives from its own session key and its own preauth integrity hash over the exchange
/// (3.3.5.5.3, 3.1.4.2), and requests sent in SMB2 TRANSFORM messages (3.1.4.3, 3.3.5.2.1).
/// </summary>
public class Smb3SessionTests : IDisposable
{
    private const string Password = "Secret1!";
    private const string SealedShare = "sealed";

    // NEGOTIATE request layout (MS-SMB2 2.2.3), counted from the SMB2 header: what the malformed
    // cases patch. The two dialects below end at 104, where the context list starts.
    private const int ContextOffsetField = Smb2Header.Size + 28;
    private const int ContextCountField = Smb2Header.Size + 32;
    private const int FirstContext = Smb2Header.Size + 36 + 2 * 2;

    private static readonly Smb2Dialect[] Dialects = [Smb2Dialect.Smb302, Smb2Dialect.Smb311];

    private readonly string _sealedDir = Directory.CreateTempSubdirectory("smbserver-sealed").FullName;
    private readonly TestServer _server;

    public Smb3SessionTests()
    {
        _server = NewServer("", $"""
            [{SealedShare}]
              path = {_sealedDir}
              read only = no
              smb encrypt = required
            """);
    }

    public void Dispose()
    {
        _server.Dispose();
        try { Directory.Delete(_sealedDir, recursive: true); } catch (IOException) { }
    }

    private static TestServer NewServer(string extraGlobal, string shares = "")
    {
        var server = new TestServer(extraGlobal, shares);
        var hash = Convert.ToHexString(NtHash.Compute(Password));
        File.WriteAllText(Path.Combine(server.Dir, "smbpasswd"),
            $"alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:{hash}:[U          ]:LCT-65000000:\n");
        return server;
    }

    // ---- negotiate contexts (MS-SMB2 2.2.3.1) ---------------------------------------------------

    private static Smb2NegotiateContextData Preauth(params ushort[] hashAlgorithms)
    {
        var data = new byte[4 + 2 * hashAlgorithms.Length + 32];
        BinaryPrimitives.WriteUInt16LittleEndian(data, (ushort)hashAlgorithms.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), 32);
        for (int i = 0; i < hashAlgorithms.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(4 + 2 * i), hashAlgorithms[i]);
        Random.Shared.NextBytes(data.AsSpan(4 + 2 * hashAlgorithms.Length));
        return new(Smb2NegotiateContextType.PreauthIntegrityCapabilities, data);
    }

    private static Smb2NegotiateContextData Sha512Preauth() => Preauth(Smb2PreauthIntegrityHash.HashAlgorithmSha512);

    private static Smb2NegotiateContextData IdList(Smb2NegotiateContextType type, IReadOnlyList<ushort> ids)
    {
        var data = new byte[2 + 2 * ids.Count];
        BinaryPrimitives.WriteUInt16LittleEndian(data, (ushort)ids.Count);
        for (int i = 0; i < ids.Count; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2 + 2 * i), ids[i]);
        return new(type, data);
    }

    private static Smb2NegotiateContextData Encryption(params Smb2CipherId[] ciphers)
        => IdList(Smb2NegotiateContextType.EncryptionCapabilities, ciphers.Select(c => (ushort)c).ToArray());

    private static Smb2NegotiateContextData Signing(params Smb2SigningAlgorithm[] algorithms)
        => IdList(Smb2NegotiateContextType.SigningCapabilities, algorithms.Select(a => (ushort)a).ToArray());

    private static byte[] NegotiateMessage(RawSmbClient c, Smb2Dialect[] dialects, Smb2Capabilities capabilities, params Smb2NegotiateContextData[] contexts)
        => c.Build(Smb2Command.Negotiate, m => new Smb2NegotiateRequest(0, Smb2SecurityMode.SigningEnabled, capabilities, Guid.NewGuid(), 0, 0, 0)
            .Write(m, Smb2Header.Size, dialects, contexts));

    private static byte[] Negotiate311Message(RawSmbClient c, params Smb2NegotiateContextData[] contexts)
        => NegotiateMessage(c, Dialects, Smb2Capabilities.None, contexts);

    private static byte[] Exchange(RawSmbClient c, byte[] request)
    {
        c.SendFrame(request);
        var response = c.Receive();
        Assert.NotNull(response);
        return response;
    }

    /// <summary>The response's negotiate contexts: type and data, in order.</summary>
    private static List<(Smb2NegotiateContextType Type, byte[] Data)> ContextsOf(byte[] response, out Smb2NegotiateResponse parsed)
    {
        Assert.True(Smb2NegotiateResponse.TryParse(response, Smb2Header.Size, out parsed, out var error), error.ToString());
        var list = new List<(Smb2NegotiateContextType, byte[])>();
        foreach (var context in parsed.GetNegotiateContexts(response))
            list.Add((context.ContextType, context.GetData(response).ToArray()));
        Assert.Equal(parsed.NegotiateContextCount, list.Count);
        return list;
    }

    private static ushort[] IdsOf(byte[] data)
    {
        int count = BinaryPrimitives.ReadUInt16LittleEndian(data);
        Assert.Equal(2 + 2 * count, data.Length);
        return Enumerable.Range(0, count).Select(i => BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2 + 2 * i))).ToArray();
    }

    [Fact]
    public void NegotiateAnswersPreauthAndExactlyOneCipherAndSigningAlgorithm()
    {
        using var c = _server.Connect();
        var response = Exchange(c, Negotiate311Message(c, Sha512Preauth(),
            Encryption(Smb2CipherId.Aes256Gcm, Smb2CipherId.Aes128Ccm, Smb2CipherId.Aes128Gcm),
            Signing(Smb2SigningAlgorithm.AesCmac, Smb2SigningAlgorithm.AesGmac)));

        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(response));
        var contexts = ContextsOf(response, out var negotiate);
        Assert.Equal(Smb2Dialect.Smb311, negotiate.DialectRevision);
        Assert.Equal(3, contexts.Count);

        // SMB2_PREAUTH_INTEGRITY_CAPABILITIES: exactly SHA-512, with a salt (MS-SMB2 2.2.4.1.1).
        var preauth = Assert.Single(contexts, x => x.Type == Smb2NegotiateContextType.PreauthIntegrityCapabilities).Data;
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(preauth));
        int saltLength = BinaryPrimitives.ReadUInt16LittleEndian(preauth.AsSpan(2));
        Assert.Equal(Smb2PreauthIntegrityHash.HashAlgorithmSha512, BinaryPrimitives.ReadUInt16LittleEndian(preauth.AsSpan(4)));
        Assert.Equal(6 + saltLength, preauth.Length);

        // Exactly one cipher and one signing algorithm: the server's first preference the client
        // offered (defaults: AES-128-GCM first, AES-128-GMAC first), whatever the client's order.
        var cipher = Assert.Single(contexts, x => x.Type == Smb2NegotiateContextType.EncryptionCapabilities).Data;
        Assert.Equal(new ushort[] { (ushort)Smb2CipherId.Aes128Gcm }, IdsOf(cipher));
        var signing = Assert.Single(contexts, x => x.Type == Smb2NegotiateContextType.SigningCapabilities).Data;
        Assert.Equal(new ushort[] { (ushort)Smb2SigningAlgorithm.AesGmac }, IdsOf(signing));
    }

    [Fact]
    public void ConfiguredAlgorithmOrderDecidesAndNoCommonCipherIsZero()
    {
        using var server = NewServer("""
              server smb3 encryption algorithms = AES-256-GCM, AES-128-CCM
              server smb3 signing algorithms = AES-128-CMAC
            """);
        using (var c = server.Connect())
        {
            var response = Exchange(c, Negotiate311Message(c, Sha512Preauth(),
                Encryption(Smb2CipherId.Aes128Gcm, Smb2CipherId.Aes128Ccm, Smb2CipherId.Aes256Gcm),
                Signing(Smb2SigningAlgorithm.AesGmac, Smb2SigningAlgorithm.AesCmac)));
            var contexts = ContextsOf(response, out _);
            Assert.Equal(new ushort[] { (ushort)Smb2CipherId.Aes256Gcm }, IdsOf(contexts.Single(x => x.Type == Smb2NegotiateContextType.EncryptionCapabilities).Data));
            Assert.Equal(new ushort[] { (ushort)Smb2SigningAlgorithm.AesCmac }, IdsOf(contexts.Single(x => x.Type == Smb2NegotiateContextType.SigningCapabilities).Data));
        }
        using (var c = server.Connect())
        {
            // MS-SMB2 3.3.5.4: no cipher in common is answered with CipherCount 1, Cipher 0.
            var response = Exchange(c, Negotiate311Message(c, Sha512Preauth(), Encryption(Smb2CipherId.Aes128Gcm)));
            Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(response));
            var contexts = ContextsOf(response, out _);
            Assert.Equal(new ushort[] { 0 }, IdsOf(contexts.Single(x => x.Type == Smb2NegotiateContextType.EncryptionCapabilities).Data));
        }
    }

    [Fact]
    public void NegotiateWithoutPreauthContextIsInvalidParameter()
    {
        using var c = _server.Connect();
        var response = Exchange(c, Negotiate311Message(c, Encryption(Smb2CipherId.Aes128Gcm), Signing(Smb2SigningAlgorithm.AesCmac)));
        Assert.Equal(NtStatus.InvalidParameter, RawSmbClient.StatusOf(response));
    }

    [Fact]
    public void PreauthWithoutSha512IsNoPreauthIntegrityHashOverlap()
    {
        using var c = _server.Connect();
        var response = Exchange(c, Negotiate311Message(c, Preauth(0x0002), Encryption(Smb2CipherId.Aes128Gcm)));
        // STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP (MS-SMB2 3.3.5.4).
        Assert.Equal(0xC05D0000u, RawSmbClient.StatusOf(response).Value);
    }

    [Theory]
    [InlineData(Smb2NegotiateContextType.PreauthIntegrityCapabilities)]
    [InlineData(Smb2NegotiateContextType.EncryptionCapabilities)]
    [InlineData(Smb2NegotiateContextType.SigningCapabilities)]
    public void DuplicateContextIsInvalidParameter(Smb2NegotiateContextType duplicated)
    {
        var contexts = new List<Smb2NegotiateContextData>
        {
            Sha512Preauth(), Encryption(Smb2CipherId.Aes128Gcm), Signing(Smb2SigningAlgorithm.AesCmac),
        };
        contexts.Add(contexts.Single(x => x.ContextType == duplicated));
        using var c = _server.Connect();
        var response = Exchange(c, Negotiate311Message(c, [.. contexts]));
        Assert.Equal(NtStatus.InvalidParameter, RawSmbClient.StatusOf(response));
    }

    public enum Malformation { MisalignedOffset, OffsetInsideDialects, OffsetPastEnd, DataLengthPastEnd, CountPastEnd }

    [Theory]
    [InlineData(Malformation.MisalignedOffset)]
    [InlineData(Malformation.OffsetInsideDialects)]
    [InlineData(Malformation.OffsetPastEnd)]
    [InlineData(Malformation.DataLengthPastEnd)]
    [InlineData(Malformation.CountPastEnd)]
    public void MalformedContextListIsRefused(Malformation malformation)
    {
        using var c = _server.Connect();
        var message = Negotiate311Message(c, Sha512Preauth(), Encryption(Smb2CipherId.Aes128Gcm));
        Assert.Equal((uint)FirstContext, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(ContextOffsetField)));
        switch (malformation)
        {
            case Malformation.MisalignedOffset:
                BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(ContextOffsetField), FirstContext + 2);
                break;
            case Malformation.OffsetInsideDialects:
                BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(ContextOffsetField), FirstContext - 8);
                break;
            case Malformation.OffsetPastEnd:
                BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(ContextOffsetField), (uint)(message.Length + 64) & ~7u);
                break;
            case Malformation.DataLengthPastEnd:
                BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(FirstContext + 2), 0xFFF0);
                break;
            case Malformation.CountPastEnd:
                BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(ContextCountField), 7);
                break;
        }
        c.SendFrame(message);
        byte[]? response;
        try { response = c.Receive(); }
        catch (IOException) { response = null; }
        // Either answer is conformant: STATUS_INVALID_PARAMETER, or dropping the connection.
        if (response != null) Assert.Equal(NtStatus.InvalidParameter, RawSmbClient.StatusOf(response));
    }

    [Fact]
    public void Smb30EncryptionCapabilityFollowsTheConfiguredCiphers()
    {
        // SMB 3.0/3.0.2 can only encrypt with AES-128-CCM: the capability is announced when the
        // client has it and the configuration lists AES-128-CCM (MS-SMB2 3.3.5.4).
        using (var c = _server.Connect())
        {
            var response = Exchange(c, NegotiateMessage(c, [Smb2Dialect.Smb300], Smb2Capabilities.Encryption));
            Assert.True(Smb2NegotiateResponse.TryParse(response, Smb2Header.Size, out var n, out _));
            Assert.Equal(Smb2Dialect.Smb300, n.DialectRevision);
            Assert.True((n.Capabilities & Smb2Capabilities.Encryption) != 0);
        }
        using (var c = _server.Connect())
        {
            var response = Exchange(c, NegotiateMessage(c, [Smb2Dialect.Smb300], Smb2Capabilities.None));
            Assert.True(Smb2NegotiateResponse.TryParse(response, Smb2Header.Size, out var n, out _));
            Assert.True((n.Capabilities & Smb2Capabilities.Encryption) == 0);
        }
        using var gcmOnly = NewServer("  server smb3 encryption algorithms = AES-128-GCM, AES-256-GCM");
        using (var c = gcmOnly.Connect())
        {
            var response = Exchange(c, NegotiateMessage(c, [Smb2Dialect.Smb302], Smb2Capabilities.Encryption));
            Assert.True(Smb2NegotiateResponse.TryParse(response, Smb2Header.Size, out var n, out _));
            Assert.Equal(Smb2Dialect.Smb302, n.DialectRevision);
            Assert.True((n.Capabilities & Smb2Capabilities.Encryption) == 0, "AES-128-CCM is not configured, so 3.0.2 cannot encrypt");
        }
    }

    // ---- the preauth chain and the keys -------------------------------------------------------

    /// <summary>A logged-on 3.1.1 session and the keys this side derived for it.</summary>
    private sealed class Session : IDisposable
    {
        public required RawSmbClient Client { get; init; }
        public required ulong SessionId { get; init; }
        public required Smb3SessionKeys Keys { get; init; }
        public required byte[] FinalResponse { get; init; }
        public required Smb2CipherId? Cipher { get; init; }
        public required Smb2SigningAlgorithm SigningAlgorithm { get; init; }
        /// <summary>Keys from the hash one step short (without the final request): must not verify.</summary>
        public required Smb3SessionKeys KeysOneStepShort { get; init; }

        public void Dispose()
        {
            Keys.Dispose();
            KeysOneStepShort.Dispose();
            Client.Dispose();
        }
    }

    /// <summary>
    /// NEGOTIATE with <paramref name="contexts"/>, then NTLMv2 in two SESSION_SETUP legs, hashing
    /// every message as sent and received (MS-SMB2 3.2.5.2, 3.2.5.3.1): the connection's hash over
    /// the NEGOTIATE request and response, the session's from it over each SESSION_SETUP request and
    /// each response but the last.
    /// </summary>
    private static Session Login(TestServer server, params Smb2NegotiateContextData[] contexts)
    {
        var c = server.Connect();
        var negotiateRequest = Negotiate311Message(c, contexts);
        var negotiateResponse = Exchange(c, negotiateRequest);
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(negotiateResponse));
        var answered = ContextsOf(negotiateResponse, out _);
        Smb2CipherId? cipher = answered.Where(x => x.Type == Smb2NegotiateContextType.EncryptionCapabilities)
            .Select(x => IdsOf(x.Data).Single()).Where(id => id != 0).Select(id => (Smb2CipherId?)id).SingleOrDefault();
        var signing = answered.Where(x => x.Type == Smb2NegotiateContextType.SigningCapabilities)
            .Select(x => (Smb2SigningAlgorithm)IdsOf(x.Data).Single()).DefaultIfEmpty(Smb2SigningAlgorithm.AesCmac).Single();

        using var connectionHash = new Smb2PreauthIntegrityHash();
        connectionHash.Update(negotiateRequest);
        connectionHash.Update(negotiateResponse);
        using var sessionHash = connectionHash.Clone();

        var ntlm = new TestNtlmClient { Password = Password };
        var setup1 = c.Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size, ntlm.CreateNegotiate()));
        var challenge = Exchange(c, setup1);
        Assert.Equal(NtStatus.MoreProcessingRequired, RawSmbClient.StatusOf(challenge));
        ulong sessionId = BinaryPrimitives.ReadUInt64LittleEndian(challenge.AsSpan(Smb2Header.SessionIdOffset));
        Assert.True(Smb2SessionSetupResponse.TryParse(challenge, Smb2Header.Size, out var s1, out _));
        sessionHash.Update(setup1);
        sessionHash.Update(challenge);

        var setup2 = c.Build(Smb2Command.SessionSetup, m => new Smb2SessionSetupRequest(0, Smb2SecurityMode.SigningEnabled, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size, ntlm.CreateAuthenticate(s1.GetSecurityBuffer(challenge))), sessionId: sessionId);
        var oneStepShort = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb311, ntlm.ExportedSessionKey, sessionHash.Value, cipher ?? Smb2CipherId.Aes128Ccm);
        sessionHash.Update(setup2);
        var final = Exchange(c, setup2);
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(final));

        return new Session
        {
            Client = c,
            SessionId = sessionId,
            Keys = Smb3KeyDerivation.DeriveServerKeys(Smb2Dialect.Smb311, ntlm.ExportedSessionKey, sessionHash.Value, cipher ?? Smb2CipherId.Aes128Ccm),
            KeysOneStepShort = oneStepShort,
            FinalResponse = final,
            Cipher = cipher,
            SigningAlgorithm = signing,
        };
    }

    public static TheoryData<Smb2SigningAlgorithm[], Smb2SigningAlgorithm> SigningOffers => new()
    {
        { [], Smb2SigningAlgorithm.AesCmac },                     // no SIGNING_CAPABILITIES: AES-CMAC (3.1.4.1)
        { [Smb2SigningAlgorithm.AesCmac], Smb2SigningAlgorithm.AesCmac },
        { [Smb2SigningAlgorithm.AesCmac, Smb2SigningAlgorithm.AesGmac], Smb2SigningAlgorithm.AesGmac },
        { [Smb2SigningAlgorithm.HmacSha256], Smb2SigningAlgorithm.HmacSha256 },
    };

    [Theory]
    [MemberData(nameof(SigningOffers))]
    public void FinalSessionSetupResponseVerifiesWithKeysFromThePreauthHash(Smb2SigningAlgorithm[] offered, Smb2SigningAlgorithm expected)
    {
        Smb2NegotiateContextData[] contexts = offered.Length == 0
            ? [Sha512Preauth(), Encryption(Smb2CipherId.Aes128Gcm)]
            : [Sha512Preauth(), Encryption(Smb2CipherId.Aes128Gcm), Signing(offered)];
        using var session = Login(_server, contexts);

        Assert.Equal(expected, session.SigningAlgorithm);
        // MS-SMB2 3.3.5.5.3: the final response of a 3.1.1 session is signed, whoever asked for signing.
        Assert.True((Smb2Header.GetFlags(session.FinalResponse) & Smb2HeaderFlags.Signed) != 0);
        using (var signer = Smb2SignerFactory.Create(expected, session.Keys.SigningKey, Smb2SigningRole.Client))
            Assert.True(signer.Verify(session.FinalResponse), "the final SESSION_SETUP response does not verify with the keys of our preauth hash");
        // The control: a hash that missed the final request gives other keys, which must not verify.
        using (var wrong = Smb2SignerFactory.Create(expected, session.KeysOneStepShort.SigningKey, Smb2SigningRole.Client))
            Assert.False(wrong.Verify(session.FinalResponse));
    }

    /// <summary>
    /// Signed requests are verified in the received buffer (AES-GMAC zeroes and restores the field there):
    /// a signed WRITE is served and the file holds the data, its signed READ answer verifies, and a
    /// request whose data changed after signing is ACCESS_DENIED.
    /// </summary>
    [Theory]
    [InlineData(Smb2SigningAlgorithm.AesGmac)]
    [InlineData(Smb2SigningAlgorithm.AesCmac)]
    public void SignedWriteAndReadRoundTrip(Smb2SigningAlgorithm algorithm)
    {
        using var s = Login(_server, Sha512Preauth(), Encryption(Smb2CipherId.Aes128Gcm), Signing(algorithm));
        Assert.Equal(algorithm, s.SigningAlgorithm);
        using var signer = Smb2SignerFactory.Create(algorithm, s.Keys.SigningKey, Smb2SigningRole.Client);
        byte[] Signed(byte[] request)
        {
            Smb2Header.AddFlags(request, Smb2HeaderFlags.Signed);
            signer.Sign(request);
            return request;
        }
        byte[] Call(byte[] request)
        {
            var response = Exchange(s.Client, Signed(request));
            Assert.True(signer.Verify(response), "the response does not verify");
            return response;
        }

        var connected = Call(TreeConnectMessage(s.Client, s.SessionId, "share"));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(connected));
        uint treeId = BinaryPrimitives.ReadUInt32LittleEndian(connected.AsSpan(Smb2Header.TreeIdOffset));
        var created = Call(s.Client.Build(Smb2Command.Create, m => new Smb2CreateRequest(0, Smb2OplockLevel.None,
            Smb2ImpersonationLevel.Impersonation, 0, 0x0012019F, 0x80, Smb2ShareAccess.Read, Smb2CreateDisposition.Create, 0,
            0, 0, 0, 0).Write(m, Smb2Header.Size, $"signed-{algorithm}.bin"), s.SessionId, treeId));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(created));
        Assert.True(Smb2CreateResponse.TryParse(created, Smb2Header.Size, out var create, out _));

        var data = new byte[3000];
        new Random((int)algorithm).NextBytes(data);
        byte[] WriteMessage() => s.Client.Build(Smb2Command.Write, m => new Smb2WriteRequest(0, (uint)data.Length, 0, create.FileId,
            0, 0, 0, 0, 0).Write(m, Smb2Header.Size, data), s.SessionId, treeId);
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(Call(WriteMessage())));

        var read = Call(s.Client.Build(Smb2Command.Read, m => new Smb2ReadRequest(0, 0, 4000, 0, create.FileId, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size), s.SessionId, treeId));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(read));
        Assert.True(Smb2ReadResponse.TryParse(read, Smb2Header.Size, out var readResponse, out _));
        Assert.Equal(data, readResponse.GetData(read).ToArray());

        // MS-SMB2 3.3.5.2.4: a request that does not verify fails, and its data is not written.
        var tampered = Signed(WriteMessage());
        tampered[^1] ^= 0x01;
        var refused = Exchange(s.Client, tampered);
        Assert.Equal(NtStatus.AccessDenied, RawSmbClient.StatusOf(refused));
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(_server.Dir, "share", $"signed-{algorithm}.bin")));
    }

    // ---- encryption ----------------------------------------------------------------------------

    private static byte[] TreeConnectMessage(RawSmbClient c, ulong sessionId, string share)
        => c.Build(Smb2Command.TreeConnect, m => new Smb2TreeConnectRequest(0, 0, 0, 0, 0).Write(m, Smb2Header.Size, $@"\\127.0.0.1\{share}"), sessionId: sessionId);

    /// <summary>Wraps <paramref name="message"/> in a TRANSFORM with the client's key (the server's DecryptionKey).</summary>
    private static byte[] Seal(Session s, byte[] message, Smb2NonceGenerator nonces)
    {
        var sealedMessage = new byte[Smb2TransformHeader.Size + message.Length];
        using var cipher = Smb2Cipher.Create(s.Cipher!.Value, s.Keys.DecryptionKey);
        cipher.EncryptMessage(nonces, s.SessionId, message, sealedMessage);
        return sealedMessage;
    }

    /// <summary>Checks that <paramref name="response"/> is a TRANSFORM of this session and opens it with the server's EncryptionKey.</summary>
    private static byte[] Unseal(Session s, byte[] response)
    {
        Assert.True(Smb2TransformHeader.IsTransformMessage(response), "expected an encrypted (TRANSFORM) response");
        Assert.True(Smb2TransformHeader.TryParse(response, out var header, out var error), error.ToString());
        Assert.Equal(s.SessionId, header.SessionId);
        var plain = new byte[header.OriginalMessageSize];
        using var cipher = Smb2Cipher.Create(s.Cipher!.Value, s.Keys.EncryptionKey);
        Assert.True(cipher.TryDecryptMessage(response, plain, out int length, out error), $"the response does not decrypt: {error}");
        Assert.True(Smb2Header.HasProtocolId(plain.AsSpan(0, length)));
        return plain.AsSpan(0, length).ToArray();
    }

    [Theory]
    [InlineData(Smb2CipherId.Aes128Ccm)]
    [InlineData(Smb2CipherId.Aes128Gcm)]
    [InlineData(Smb2CipherId.Aes256Ccm)]
    [InlineData(Smb2CipherId.Aes256Gcm)]
    public void EncryptedTreeConnectIsAnsweredEncrypted(Smb2CipherId cipherId)
    {
        using var s = Login(_server, Sha512Preauth(), Encryption(cipherId));
        Assert.Equal(cipherId, s.Cipher);
        var nonces = new Smb2NonceGenerator(cipherId);

        var response = Unseal(s, Exchange(s.Client, Seal(s, TreeConnectMessage(s.Client, s.SessionId, "share"), nonces)));

        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(response));
        Assert.Equal(Smb2Command.TreeConnect, Smb2Header.GetCommand(response));
        // MS-SMB2 3.3.4.1.4: an encrypted response is not signed as well.
        Assert.True((Smb2Header.GetFlags(response) & Smb2HeaderFlags.Signed) == 0);
        Assert.True(Smb2TreeConnectResponse.TryParse(response, Smb2Header.Size, out var tree, out _));
        Assert.Equal(Smb2ShareType.Disk, tree.ShareType);
    }

    /// <summary>
    /// A WRITE decrypted where it arrived and a READ read into its response and encrypted there (no
    /// copies on the server) carry the same bytes: the file holds what was written, the READ gives it back.
    /// </summary>
    [Theory]
    [InlineData(Smb2CipherId.Aes128Ccm)]
    [InlineData(Smb2CipherId.Aes128Gcm)]
    [InlineData(Smb2CipherId.Aes256Ccm)]
    [InlineData(Smb2CipherId.Aes256Gcm)]
    public void EncryptedWriteAndReadRoundTrip(Smb2CipherId cipherId)
    {
        using var s = Login(_server, Sha512Preauth(), Encryption(cipherId));
        var nonces = new Smb2NonceGenerator(cipherId);
        byte[] Call(byte[] request) => Unseal(s, Exchange(s.Client, Seal(s, request, nonces)));

        var connected = Call(TreeConnectMessage(s.Client, s.SessionId, SealedShare));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(connected));
        uint treeId = BinaryPrimitives.ReadUInt32LittleEndian(connected.AsSpan(Smb2Header.TreeIdOffset));
        var created = Call(s.Client.Build(Smb2Command.Create, m => new Smb2CreateRequest(0, Smb2OplockLevel.None,
            Smb2ImpersonationLevel.Impersonation, 0, 0x0012019F, 0x80, Smb2ShareAccess.Read, Smb2CreateDisposition.Create, 0,
            0, 0, 0, 0).Write(m, Smb2Header.Size, "sealed.bin"), s.SessionId, treeId));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(created));
        Assert.True(Smb2CreateResponse.TryParse(created, Smb2Header.Size, out var create, out _));

        var data = new byte[3000];
        new Random((int)cipherId).NextBytes(data);
        var written = Call(s.Client.Build(Smb2Command.Write, m => new Smb2WriteRequest(0, (uint)data.Length, 100, create.FileId,
            0, 0, 0, 0, 0).Write(m, Smb2Header.Size, data), s.SessionId, treeId));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(written));
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(_sealedDir, "sealed.bin")).AsSpan(100).ToArray());

        var read = Call(s.Client.Build(Smb2Command.Read, m => new Smb2ReadRequest(0, 0, 4000, 100, create.FileId, 0, 0, 0, 0, 0)
            .Write(m, Smb2Header.Size), s.SessionId, treeId));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(read));
        Assert.True(Smb2ReadResponse.TryParse(read, Smb2Header.Size, out var readResponse, out _));
        Assert.Equal(data, readResponse.GetData(read).ToArray());
    }

    [Fact]
    public void TamperedTransformEndsTheConnection()
    {
        using var s = Login(_server, Sha512Preauth(), Encryption(Smb2CipherId.Aes128Gcm));
        var sealedMessage = Seal(s, TreeConnectMessage(s.Client, s.SessionId, "share"), new Smb2NonceGenerator(Smb2CipherId.Aes128Gcm));
        sealedMessage[^1] ^= 0x01;
        s.Client.SendFrame(sealedMessage);
        // MS-SMB2 3.3.5.2.1.1: a message that fails decryption disconnects.
        Assert.True(s.Client.IsDisconnected());
    }

    [Fact]
    public void ShareRequiringEncryptionFlagsTheTreeAndRefusesPlainRequests()
    {
        using var s = Login(_server, Sha512Preauth(), Encryption(Smb2CipherId.Aes128Gcm));
        var nonces = new Smb2NonceGenerator(Smb2CipherId.Aes128Gcm);

        // The TREE_CONNECT itself may be plain: the session does not require encryption.
        var connected = Exchange(s.Client, TreeConnectMessage(s.Client, s.SessionId, SealedShare));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(connected));
        Assert.True(Smb2TreeConnectResponse.TryParse(connected, Smb2Header.Size, out var tree, out _));
        Assert.True((tree.ShareFlags & Smb2ShareFlags.EncryptData) != 0, "expected SMB2_SHAREFLAG_ENCRYPT_DATA");
        uint treeId = BinaryPrimitives.ReadUInt32LittleEndian(connected.AsSpan(Smb2Header.TreeIdOffset));

        // MS-SMB2 3.3.5.2.11: a plain request to that tree is refused ...
        var plain = s.Client.Build(Smb2Command.TreeDisconnect, m => new Smb2TreeDisconnectRequest().Write(m, Smb2Header.Size), s.SessionId, treeId);
        Assert.Equal(NtStatus.AccessDenied, RawSmbClient.StatusOf(Exchange(s.Client, plain)));

        // ... and the same request encrypted is served, and answered encrypted.
        var encrypted = s.Client.Build(Smb2Command.TreeDisconnect, m => new Smb2TreeDisconnectRequest().Write(m, Smb2Header.Size), s.SessionId, treeId);
        var response = Unseal(s, Exchange(s.Client, Seal(s, encrypted, nonces)));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(response));
    }

    [Fact]
    public void SessionThatCannotEncryptIsRefusedBySharesRequiringIt()
    {
        // No ENCRYPTION_CAPABILITIES context: the 3.1.1 session has no cipher (MS-SMB2 3.3.5.7).
        using var s = Login(_server, Sha512Preauth());
        Assert.Null(s.Cipher);
        var response = Exchange(s.Client, TreeConnectMessage(s.Client, s.SessionId, SealedShare));
        Assert.Equal(NtStatus.AccessDenied, RawSmbClient.StatusOf(response));
    }
}
