using System.Net;
using Ntvfs;
using Protocol;
using Protocol.Smb2;
using SmbServer.Configuration;
using SmbServer.Users;
using TEvent.Coroutines;

namespace SmbServer.Smb2;

/// <summary>
/// SMB2 TREE_CONNECT (MS-SMB2 3.3.5.7): finds the share, applies smb.conf access rules
/// (available, hosts allow/deny, guest ok, valid/invalid users, read only) and connects its backend.
/// </summary>
public static class Smb2TreeConnect
{
    /// <summary>FILE_GENERIC_READ | FILE_GENERIC_EXECUTE: what a read-only share grants at most.</summary>
    public const uint ReadOnlyMaximalAccess = 0x001200A9;

    /// <summary>FILE_ALL_ACCESS.</summary>
    public const uint FullMaximalAccess = 0x001F01FF;

    private static readonly EtcGroup Groups = new();

    public static async CoroutineBody<NtStatus> Handle(Coroutine co, Smb2Request r)
    {
        var conn = r.Connection;
        var session = r.Session!;
        if (!Smb2TreeConnectRequest.TryParse(r.Message, Smb2Request.BodyOffset, out var request, out var error)) return error;
        string? shareName = ShareNameOf(request.GetPathString(r.Message));
        if (shareName == null) return NtStatus.BadNetworkName;

        var config = conn.Server.Config;
        bool isIpc = shareName.Equals("IPC$", StringComparison.OrdinalIgnoreCase);
        var share = isIpc ? config.Ipc : config.FindShare(shareName);
        if (share == null || !share.Available) return NtStatus.BadNetworkName;
        if (isIpc && share == null) return NtStatus.BadNetworkName;

        var access = CheckAccess(conn, session, share!, isIpc);
        if (access.IsError) return access;

        // "smb encrypt" per share (MS-SMB2 3.3.5.7): required needs a session that can encrypt.
        var policy = share!.SmbEncrypt;
        if (policy == SmbEncrypt.Required && !session.CanEncrypt) return NtStatus.AccessDenied;
        bool encryptData = session.CanEncrypt && policy is SmbEncrypt.Required or SmbEncrypt.Desired;

        var options = new NtvfsShareOptions
        {
            ShareName = share!.Name,
            Path = share.Path,
            ReadOnly = share.ReadOnly,
            VetoFiles = share.VetoFiles.ToString(),
            HideDotFiles = share.HideDotFiles,
            CreateMask = (uint)share.CreateMask,
            DirectoryMask = (uint)share.DirectoryMask,
            ForceCreateMode = (uint)share.ForceCreateMode,
            ForceDirectoryMode = (uint)share.ForceDirectoryMode,
            WideLinks = share.WideLinks,
            FollowSymlinks = share.FollowSymlinks,
            CaseSensitive = false,
            Oplocks = share.Oplocks,
            Level2Oplocks = share.Level2Oplocks,
            Comment = share.Comment,
        };
        uint treeId = session.AllocateTreeId();
        var backend = conn.Server.Backends.For(share, isIpc);
        var ntTree = new NtvfsTree(options, backend, session.User!) { TreeId = treeId };
        var sub = backend.ConnectSend(new NtvfsRequest(r.Ev, ntTree, conn.Transport.RemoteEndPoint));
        if (!await co.Yield(sub)) return NtStatus.Cancelled;
        var status = NtvfsOp.Recv(sub, out bool _);
        if (status.IsError) return status;

        uint maximalAccess = isIpc ? FullMaximalAccess : share.ReadOnly ? ReadOnlyMaximalAccess : FullMaximalAccess;
        var tree = new Smb2Tree(treeId, share, ntTree, isIpc) { MaximalAccess = maximalAccess, EncryptData = encryptData };
        session.Trees[treeId] = tree;
        r.ResponseTreeId = treeId;

        var response = new Smb2TreeConnectResponse(
            ShareType: isIpc ? Smb2ShareType.Pipe : Smb2ShareType.Disk,
            ShareFlags: (isIpc ? Smb2ShareFlags.NoCaching : Smb2ShareFlags.ManualCaching) | (encryptData ? Smb2ShareFlags.EncryptData : 0),
            Capabilities: Smb2ShareCapabilities.None,
            MaximalAccess: maximalAccess);
        var message = r.ResponseMessage(16);
        r.SetBody(response.Write(message, Smb2Request.BodyOffset));
        return NtStatus.Success;
    }

    /// <summary>"\\server\share" -> "share"; null when there is no share part.</summary>
    public static string? ShareNameOf(string path)
    {
        var trimmed = path.TrimStart('\\');
        int slash = trimmed.IndexOf('\\');
        if (slash < 0) return null;
        var name = trimmed[(slash + 1)..];
        if (name.Length == 0 || name.Contains('\\')) return null;
        return name;
    }

    private static NtStatus CheckAccess(Smb2Connection conn, Smb2Session session, ShareConfig share, bool isIpc)
    {
        var client = conn.Transport.RemoteEndPoint?.Address ?? IPAddress.Loopback;
        if (!conn.Server.Config.HostsAccess.IsAllowed(client) || !share.IsHostAllowed(client)) return NtStatus.AccessDenied;
        var user = session.User!;
        if (isIpc) return NtStatus.Success;
        if (user.IsGuest || user.IsAnonymous)
            return share.GuestOk ? NtStatus.Success : NtStatus.AccessDenied;
        if (!share.IsUserAllowed(user.UserName, Groups)) return NtStatus.AccessDenied;
        return NtStatus.Success;
    }
}
