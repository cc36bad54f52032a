using Protocol.Smb2;

namespace Protocol.Tests.Smb2;

/// <summary>Parses a body and, when it parses, reads every variable part through the accessors.</summary>
internal delegate bool Exercise(ReadOnlySpan<byte> message, int bodyOffset, out NtStatus error);

/// <summary>Every SMB2 body parser, with its StructureSize and a valid sample message, for the shared tests.</summary>
internal static class Smb2ParserTable
{
    public sealed record Entry(string Name, ushort StructureSize, Exercise Parse, Func<Smb2TestMessage> Sample);

    private static readonly Smb2FileId Id = new(1, 2);

    private static byte[] Contexts()
    {
        var buffer = new byte[128];
        var writer = new Smb2CreateContextWriter(buffer);
        writer.Add("MxAc"u8, ReadOnlySpan<byte>.Empty);
        writer.Add("DH2Q"u8, new byte[32]);
        return buffer[..writer.Length];
    }

    private static readonly Smb2NegotiateContextData[] NegotiateContexts =
    [
        new(Smb2NegotiateContextType.PreauthIntegrityCapabilities, Hex.Bytes("010020000100" + new string('B', 64))),
        new(Smb2NegotiateContextType.EncryptionCapabilities, Hex.Bytes("020002000100")),
    ];

    private static int Touch(ReadOnlySpan<byte> span) => span.IsEmpty ? 0 : span[0] + span[^1];

    public static readonly Entry[] All =
    [
        new("NegotiateRequest", Smb2NegotiateRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2NegotiateRequest.TryParse(m, o, out var r, out e)) return false;
                for (int i = 0; i < r.DialectCount; i++) r.GetDialect(m, i);
                foreach (var c in r.GetNegotiateContexts(m)) Touch(c.GetData(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Negotiate, (m, o) => new Smb2NegotiateRequest().Write(m, o, [Smb2Dialect.Smb302, Smb2Dialect.Smb311], NegotiateContexts))),
        new("NegotiateResponse", Smb2NegotiateResponse.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2NegotiateResponse.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetSecurityBuffer(m));
                foreach (var c in r.GetNegotiateContexts(m)) Touch(c.GetData(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Negotiate, (m, o) => new Smb2NegotiateResponse { DialectRevision = Smb2Dialect.Smb311 }.Write(m, o, new byte[21], NegotiateContexts))),
        new("SessionSetupRequest", Smb2SessionSetupRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2SessionSetupRequest.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetSecurityBuffer(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.SessionSetup, (m, o) => new Smb2SessionSetupRequest().Write(m, o, new byte[40]))),
        new("SessionSetupResponse", Smb2SessionSetupResponse.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2SessionSetupResponse.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetSecurityBuffer(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.SessionSetup, (m, o) => new Smb2SessionSetupResponse().Write(m, o, new byte[40]))),
        new("LogoffRequest", Smb2LogoffRequest.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2LogoffRequest.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Logoff, new Smb2LogoffRequest().Write)),
        new("LogoffResponse", Smb2LogoffResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2LogoffResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Logoff, new Smb2LogoffResponse().Write)),
        new("TreeConnectRequest", Smb2TreeConnectRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2TreeConnectRequest.TryParse(m, o, out var r, out e)) return false;
                r.GetPathString(m);
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.TreeConnect, (m, o) => new Smb2TreeConnectRequest().Write(m, o, @"\\server\share"))),
        new("TreeConnectResponse", Smb2TreeConnectResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2TreeConnectResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.TreeConnect, new Smb2TreeConnectResponse().Write)),
        new("TreeDisconnectRequest", Smb2TreeDisconnectRequest.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2TreeDisconnectRequest.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.TreeDisconnect, new Smb2TreeDisconnectRequest().Write)),
        new("TreeDisconnectResponse", Smb2TreeDisconnectResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2TreeDisconnectResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.TreeDisconnect, new Smb2TreeDisconnectResponse().Write)),
        new("CreateRequest", Smb2CreateRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2CreateRequest.TryParse(m, o, out var r, out e)) return false;
                r.GetNameString(m);
                foreach (var c in r.GetCreateContexts(m)) Touch(c.GetName(m));
                foreach (var c in r.GetCreateContexts(m)) Touch(c.GetData(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Create, (m, o) => new Smb2CreateRequest().Write(m, o, @"a\b.txt", Contexts()))),
        new("CreateResponse", Smb2CreateResponse.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2CreateResponse.TryParse(m, o, out var r, out e)) return false;
                foreach (var c in r.GetCreateContexts(m)) Touch(c.GetName(m));
                foreach (var c in r.GetCreateContexts(m)) Touch(c.GetData(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Create, (m, o) => new Smb2CreateResponse().Write(m, o, Contexts()))),
        new("CloseRequest", Smb2CloseRequest.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2CloseRequest.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Close, new Smb2CloseRequest(0, Id).Write)),
        new("CloseResponse", Smb2CloseResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2CloseResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Close, new Smb2CloseResponse().Write)),
        new("FlushRequest", Smb2FlushRequest.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2FlushRequest.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Flush, new Smb2FlushRequest(Id).Write)),
        new("FlushResponse", Smb2FlushResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2FlushResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Flush, new Smb2FlushResponse().Write)),
        new("ReadRequest", Smb2ReadRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2ReadRequest.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetReadChannelInfo(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Read, (m, o) => new Smb2ReadRequest().Write(m, o, new byte[16]))),
        new("ReadResponse", Smb2ReadResponse.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2ReadResponse.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetData(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Read, (m, o) => new Smb2ReadResponse().Write(m, o, new byte[100]))),
        new("WriteRequest", Smb2WriteRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2WriteRequest.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetData(m));
                Touch(r.GetWriteChannelInfo(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Write, (m, o) => new Smb2WriteRequest().Write(m, o, new byte[100]))),
        new("WriteResponse", Smb2WriteResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2WriteResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Write, new Smb2WriteResponse().Write)),
        new("LockRequest", Smb2LockRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2LockRequest.TryParse(m, o, out var r, out e)) return false;
                for (int i = 0; i < r.LockCount; i++) r.GetLock(m, i);
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Lock, (m, o) => new Smb2LockRequest().Write(m, o, [new(0, 1, Smb2LockFlags.SharedLock), new(5, 1, Smb2LockFlags.Unlock)]))),
        new("LockResponse", Smb2LockResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2LockResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Lock, new Smb2LockResponse().Write)),
        new("IoctlRequest", Smb2IoctlRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2IoctlRequest.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetInput(m));
                Touch(r.GetOutput(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Ioctl, (m, o) => new Smb2IoctlRequest().Write(m, o, new byte[24], new byte[8]))),
        new("IoctlResponse", Smb2IoctlResponse.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2IoctlResponse.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetInput(m));
                Touch(r.GetOutput(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Ioctl, (m, o) => new Smb2IoctlResponse().Write(m, o, new byte[24], new byte[8]))),
        new("CancelRequest", Smb2CancelRequest.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2CancelRequest.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Cancel, new Smb2CancelRequest().Write)),
        new("EchoRequest", Smb2EchoRequest.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2EchoRequest.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Echo, new Smb2EchoRequest().Write)),
        new("EchoResponse", Smb2EchoResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2EchoResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.Echo, new Smb2EchoResponse().Write)),
        new("QueryDirectoryRequest", Smb2QueryDirectoryRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2QueryDirectoryRequest.TryParse(m, o, out var r, out e)) return false;
                r.GetFileNameString(m);
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.QueryDirectory, (m, o) => new Smb2QueryDirectoryRequest().Write(m, o, "*.txt"))),
        new("QueryDirectoryResponse", Smb2QueryDirectoryResponse.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2QueryDirectoryResponse.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetOutputBuffer(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.QueryDirectory, (m, o) => new Smb2QueryDirectoryResponse().Write(m, o, new byte[64]))),
        new("ChangeNotifyRequest", Smb2ChangeNotifyRequest.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2ChangeNotifyRequest.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.ChangeNotify, new Smb2ChangeNotifyRequest().Write)),
        new("ChangeNotifyResponse", Smb2ChangeNotifyResponse.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2ChangeNotifyResponse.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetOutputBuffer(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.ChangeNotify, (m, o) => new Smb2ChangeNotifyResponse().Write(m, o, new byte[64]))),
        new("QueryInfoRequest", Smb2QueryInfoRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2QueryInfoRequest.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetInputBuffer(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.QueryInfo, (m, o) => new Smb2QueryInfoRequest().Write(m, o, new byte[12]))),
        new("QueryInfoResponse", Smb2QueryInfoResponse.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2QueryInfoResponse.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetOutputBuffer(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.QueryInfo, (m, o) => new Smb2QueryInfoResponse().Write(m, o, new byte[64]))),
        new("SetInfoRequest", Smb2SetInfoRequest.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2SetInfoRequest.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetBuffer(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.SetInfo, (m, o) => new Smb2SetInfoRequest().Write(m, o, new byte[40]))),
        new("SetInfoResponse", Smb2SetInfoResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2SetInfoResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.SetInfo, new Smb2SetInfoResponse().Write)),
        new("OplockBreakNotification", Smb2OplockBreakNotification.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2OplockBreakNotification.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.OplockBreak, new Smb2OplockBreakNotification(Smb2OplockLevel.None, Id).Write)),
        new("OplockBreakAcknowledgment", Smb2OplockBreakAcknowledgment.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2OplockBreakAcknowledgment.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.OplockBreak, new Smb2OplockBreakAcknowledgment(Smb2OplockLevel.None, Id).Write)),
        new("OplockBreakResponse", Smb2OplockBreakResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2OplockBreakResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.OplockBreak, new Smb2OplockBreakResponse(Smb2OplockLevel.None, Id).Write)),
        new("LeaseBreakNotification", Smb2LeaseBreakNotification.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2LeaseBreakNotification.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.OplockBreak, new Smb2LeaseBreakNotification().Write)),
        new("LeaseBreakAcknowledgment", Smb2LeaseBreakAcknowledgment.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2LeaseBreakAcknowledgment.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.OplockBreak, new Smb2LeaseBreakAcknowledgment().Write)),
        new("LeaseBreakResponse", Smb2LeaseBreakResponse.StructureSize, (ReadOnlySpan<byte> m, int o, out NtStatus e) => Smb2LeaseBreakResponse.TryParse(m, o, out _, out e),
            () => Smb2TestMessage.Build(Smb2Command.OplockBreak, new Smb2LeaseBreakResponse().Write)),
        new("ErrorResponse", Smb2ErrorResponse.StructureSize,
            (ReadOnlySpan<byte> m, int o, out NtStatus e) =>
            {
                if (!Smb2ErrorResponse.TryParse(m, o, out var r, out e)) return false;
                Touch(r.GetErrorData(m));
                foreach (var c in r.GetErrorContexts(m)) Touch(c.GetData(m));
                return true;
            },
            () => Smb2TestMessage.Build(Smb2Command.Create, (m, o) => new Smb2ErrorResponse { ErrorContextCount = 1 }.Write(m, o, Hex.Bytes("04000000 00000000 01020304")))),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var entry in All) data.Add(entry.Name);
        return data;
    }

    public static Entry Get(string name) => All.Single(e => e.Name == name);
}
