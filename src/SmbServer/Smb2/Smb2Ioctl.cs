using System.Buffers.Binary;
using Ntvfs;
using Protocol;
using Protocol.Smb2;
using SmbServer.Configuration;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 IOCTL (MS-SMB2 3.3.5.15). Only FSCTLs exist over SMB2. The ones about the connection are
/// answered here: FSCTL_VALIDATE_NEGOTIATE_INFO from the negotiated state, and the network interface
/// list and DFS referrals, which this server does not offer. Everything else (pipe transceive and
/// wait, file system controls) goes to the tree's backend; on IPC$ it may wait, so it may go async.
/// </summary>
public static class Smb2Ioctl
{
    public const uint FsctlDfsGetReferrals = 0x00060194;
    public const uint FsctlDfsGetReferralsEx = 0x000601B0;
    public const uint FsctlPipePeek = 0x0011400C;
    public const uint FsctlPipeWait = 0x00110018;
    public const uint FsctlPipeTransceive = 0x0011C017;
    public const uint FsctlSrvCopychunk = 0x001440F2;
    public const uint FsctlSrvCopychunkWrite = 0x001480F2;
    public const uint FsctlQueryNetworkInterfaceInfo = 0x001401FC;
    public const uint FsctlValidateNegotiateInfo = 0x00140204;

    /// <summary>VALIDATE_NEGOTIATE_INFO Request (MS-SMB2 2.2.31.4) before its Dialects: Capabilities, Guid, SecurityMode, DialectCount.</summary>
    public const int ValidateNegotiateInfoRequestSize = 24;

    /// <summary>VALIDATE_NEGOTIATE_INFO Response (MS-SMB2 2.2.32.6): Capabilities, Guid, SecurityMode, Dialect.</summary>
    public const int ValidateNegotiateInfoResponseSize = 24;

    /// <summary>SRV_COPYCHUNK_RESPONSE (MS-SMB2 2.2.32.1).</summary>
    public const int SrvCopychunkResponseSize = 12;

    /// <summary>What FSCTL_VALIDATE_NEGOTIATE_INFO is checked against (MS-SMB2 3.3.5.15.12).</summary>
    public readonly record struct NegotiatedState(
        Smb2Dialect Dialect,
        Guid ClientGuid,
        Smb2SecurityMode ClientSecurityMode,
        Smb2Capabilities ClientCapabilities,
        Guid ServerGuid,
        Smb2SecurityMode ServerSecurityMode,
        Smb2Capabilities ServerCapabilities,
        Smb2Dialect MinDialect,
        Smb2Dialect MaxDialect);

    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        var tree = r.Tree!;
        var message = r.Message;
        if (!Smb2IoctlRequest.TryParse(message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        var status = Smb2HandlerSupport.CheckCreditCharge(r, Math.Max(
            (long)request.InputCount + request.OutputCount, (long)request.MaxInputResponse + request.MaxOutputResponse));
        if (status.IsError) return status;
        status = Validate(request, conn.MaxTransactSize);
        if (status.IsError) return status;

        switch (request.CtlCode)
        {
            case FsctlValidateNegotiateInfo:
                return AnswerValidateNegotiate(r, request);
            case FsctlQueryNetworkInterfaceInfo:
                // MS-SMB2 3.3.5.15.11 serves multichannel, which this server does not offer: answered
                // as Samba answers with "server multi channel support = no".
                return tree.IsIpc ? NtStatus.FsDriverRequired : NtStatus.InvalidDeviceRequest;
            case FsctlDfsGetReferrals:
            case FsctlDfsGetReferralsEx:
                // No DFS (SMB2_GLOBAL_CAP_DFS is not offered): as Samba with "host msdfs = no".
                return NtStatus.FsDriverRequired;
        }

        NtvfsHandle? handle = null;
        if (!TakesNoHandle(request.CtlCode))
        {
            status = Smb2HandlerSupport.FindOpen(r, request.FileId, out var open);
            if (status.IsError) return status;
            handle = open.Handle;
        }
        var args = new NtvfsIoctlArgs(request.CtlCode, Smb2HandlerSupport.CopyOf(request.GetInput(message)),
            (int)request.MaxOutputResponse, IsFsctl: true);
        bool mayWait = tree.IsIpc; // a pipe transceive waits for the pipe's answer, a pipe wait for the pipe
        var sub = tree.Ntvfs.Backend.IoctlSend(Smb2HandlerSupport.NtvfsRequestFor(r, mayWait), handle, args);
        bool mayGoOn = !mayWait || Smb2HandlerSupport.GoAsyncIfWaiting(r, sub);
        if (!await co.Yield(sub)) return NtStatus.Cancelled;
        status = NtvfsOp.Recv(sub, out NtvfsInfoResult info);
        if (!mayGoOn) status = Smb2HandlerSupport.AsyncRefusedStatus(status);

        var data = Smb2HandlerSupport.DataOf(info);
        if (data.Length > request.MaxOutputResponse)
        {
            data = data[..(int)request.MaxOutputResponse];
            if (!status.IsError) status = NtStatus.BufferOverflow;
        }
        if (IsFailure(request.CtlCode, status, data.Length)) return status.IsError ? status : r.Error(status);
        WriteResponse(r, request, data);
        return status;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.15: Flags other than SMB2_0_IOCTL_IS_FSCTL is STATUS_NOT_SUPPORTED; InputCount,
    /// MaxInputResponse or MaxOutputResponse above Connection.MaxTransactSize is STATUS_INVALID_PARAMETER,
    /// and so is a FileId other than all ones for the controls that take no handle.
    /// </summary>
    public static NtStatus Validate(in Smb2IoctlRequest request, uint maxTransactSize)
    {
        if (request.Flags != Smb2IoctlFlags.IsFsctl) return NtStatus.NotSupported;
        if (request.InputCount > maxTransactSize || request.MaxInputResponse > maxTransactSize || request.MaxOutputResponse > maxTransactSize)
            return NtStatus.InvalidParameter;
        if (TakesNoHandle(request.CtlCode) && !request.FileId.IsUsePrevious) return NtStatus.InvalidParameter;
        return NtStatus.Success;
    }

    /// <summary>MS-SMB2 3.3.5.15: the controls addressed to the server, not to an open.</summary>
    public static bool TakesNoHandle(uint ctlCode) => ctlCode is FsctlDfsGetReferrals or FsctlDfsGetReferralsEx
        or FsctlPipeWait or FsctlQueryNetworkInterfaceInfo or FsctlValidateNegotiateInfo;

    /// <summary>
    /// MS-SMB2 3.3.4.4: statuses that still get a full IOCTL response: STATUS_BUFFER_OVERFLOW for a
    /// pipe transceive, pipe peek or DFS referral, and any status of a copychunk that carries its
    /// SRV_COPYCHUNK_RESPONSE. Every other non-success status gets the ERROR response.
    /// </summary>
    public static bool IsFailure(uint ctlCode, NtStatus status, int outputLength)
    {
        if (status.IsSuccess) return false;
        if (status == NtStatus.BufferOverflow && ctlCode is FsctlPipeTransceive or FsctlPipePeek or FsctlDfsGetReferrals) return false;
        if (ctlCode is FsctlSrvCopychunk or FsctlSrvCopychunkWrite && outputLength == SrvCopychunkResponseSize) return false;
        return true;
    }

    /// <summary>
    /// MS-SMB2 3.3.5.15.12, with the checks in the spec's order. A 3.1.1 connection, a MaxOutputResponse
    /// too small for the answer, or any difference from what NEGOTIATE settled means someone tampered
    /// with the negotiation: <paramref name="disconnect"/> is set and the connection must be dropped.
    /// The dialect is recomputed with the server's own selection (implemented dialects within
    /// "server min/max protocol"), so a server limited by configuration agrees with itself.
    /// A request shorter than its fields is STATUS_INVALID_PARAMETER (Samba's answer; the spec is silent).
    /// On success <paramref name="response"/> (24 bytes) holds the server's VALIDATE_NEGOTIATE_INFO Response.
    /// </summary>
    public static NtStatus ValidateNegotiateInfo(ReadOnlySpan<byte> input, uint maxOutputResponse, in NegotiatedState state,
        Span<byte> response, out bool disconnect)
    {
        disconnect = true;
        if (state.Dialect == Smb2Dialect.Smb311) return NtStatus.AccessDenied;
        if (maxOutputResponse < ValidateNegotiateInfoResponseSize) return NtStatus.AccessDenied;
        disconnect = false;
        if (input.Length < ValidateNegotiateInfoRequestSize) return NtStatus.InvalidParameter;
        var capabilities = (Smb2Capabilities)BinaryPrimitives.ReadUInt32LittleEndian(input);
        var guid = new Guid(input.Slice(4, 16));
        var securityMode = (Smb2SecurityMode)BinaryPrimitives.ReadUInt16LittleEndian(input[20..]);
        int dialectCount = BinaryPrimitives.ReadUInt16LittleEndian(input[22..]);
        if (input.Length - ValidateNegotiateInfoRequestSize < 2 * dialectCount) return NtStatus.InvalidParameter;
        var dialects = input.Slice(ValidateNegotiateInfoRequestSize, 2 * dialectCount);

        disconnect = true;
        if (SelectDialect(dialects, state.MinDialect, state.MaxDialect) != state.Dialect) return NtStatus.AccessDenied;
        if (guid != state.ClientGuid) return NtStatus.AccessDenied;
        if (securityMode != state.ClientSecurityMode) return NtStatus.AccessDenied;
        if (capabilities != state.ClientCapabilities) return NtStatus.AccessDenied;
        disconnect = false;

        BinaryPrimitives.WriteUInt32LittleEndian(response, (uint)state.ServerCapabilities);
        state.ServerGuid.TryWriteBytes(response.Slice(4, 16));
        BinaryPrimitives.WriteUInt16LittleEndian(response[20..], (ushort)state.ServerSecurityMode);
        BinaryPrimitives.WriteUInt16LittleEndian(response[22..], (ushort)state.Dialect);
        return NtStatus.Success;
    }

    /// <summary>The dialect NEGOTIATE picks from a Dialects array (2 bytes each): the best implemented one in range, or 0.</summary>
    public static Smb2Dialect SelectDialect(ReadOnlySpan<byte> dialects, Smb2Dialect min, Smb2Dialect max)
    {
        foreach (var candidate in Smb2Negotiate.Implemented)
        {
            if (candidate < min || candidate > max) continue;
            for (int i = 0; i + 1 < dialects.Length; i += 2)
                if (BinaryPrimitives.ReadUInt16LittleEndian(dialects[i..]) == (ushort)candidate) return candidate;
        }
        return 0;
    }

    private static NtStatus AnswerValidateNegotiate(Smb2Request r, in Smb2IoctlRequest request)
    {
        var conn = r.Connection;
        var server = conn.Server;
        var state = new NegotiatedState(conn.Dialect, conn.ClientGuid, conn.ClientSecurityMode, conn.ClientCapabilities,
            server.ServerGuid, ServerSecurityMode(server.Config.ServerSigning), conn.ServerCapabilities,
            server.MinDialect, server.MaxDialect);
        Span<byte> output = stackalloc byte[ValidateNegotiateInfoResponseSize];
        var status = ValidateNegotiateInfo(request.GetInput(r.Message), request.MaxOutputResponse, state, output, out bool disconnect);
        if (disconnect)
        {
            conn.Disconnect("FSCTL_VALIDATE_NEGOTIATE_INFO does not match the negotiation");
            r.NoResponse = true;
            return status;
        }
        if (status.IsError) return status;
        WriteResponse(r, request, output);
        return NtStatus.Success;
    }

    /// <summary>The SecurityMode NEGOTIATE answered: signing enabled, required with "server signing = mandatory".</summary>
    public static Smb2SecurityMode ServerSecurityMode(ServerSigning signing)
        => signing == ServerSigning.Mandatory
            ? Smb2SecurityMode.SigningEnabled | Smb2SecurityMode.SigningRequired
            : Smb2SecurityMode.SigningEnabled;

    /// <summary>MS-SMB2 2.2.32: CtlCode and FileId echo the request; no input; the output at 0x70.</summary>
    private static void WriteResponse(Smb2Request r, in Smb2IoctlRequest request, ReadOnlySpan<byte> output)
    {
        var message = r.ResponseMessage(Smb2Wire.BodyLength(Smb2IoctlResponse.StructureSize, output.Length));
        var response = new Smb2IoctlResponse(request.CtlCode, request.FileId, 0, 0, 0, 0, Smb2IoctlFlags.IsIoctl);
        int length = response.WriteFixedPart(message, Smb2Request.BodyOffset, output.Length);
        output.CopyTo(message[Smb2IoctlResponse.BufferStart(Smb2Request.BodyOffset)..]);
        r.SetBody(length);
    }
}
