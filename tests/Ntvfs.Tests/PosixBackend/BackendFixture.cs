using System.Buffers.Binary;
using System.Text;
using Ntvfs.Posix.Backend;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using TEvent;
using FileAttributes = Protocol.Fscc.FileAttributes;
using PosixNtvfsBackend = Ntvfs.Posix.Backend.PosixBackend;

namespace Ntvfs.Tests.PosixBackend;

/// <summary>
/// A posix backend serving a fresh temporary directory, driven through an <see cref="EventContext"/>
/// on the test thread: every operation is sent, the loop runs until it completes, and the result is
/// collected, as the SMB layer would. Each fixture has its own share-mode and lock tables, so tests
/// running in parallel never see each other's opens.
/// </summary>
internal sealed class BackendFixture : IDisposable
{
    public const uint ReadWrite = (uint)(AccessMask.FileGenericRead | AccessMask.FileGenericWrite);
    public const uint All = (uint)AccessMask.GenericAll;
    public const Smb2ShareAccess ShareAll = Smb2ShareAccess.Read | Smb2ShareAccess.Write | Smb2ShareAccess.Delete;

    public BackendFixture(bool readOnly = false, string? veto = null, int maxOpens = PosixNtvfsBackend.DefaultMaxOpenHandlesPerSession,
        bool hideDotFiles = true, string? path = null, TimeProvider? clock = null, bool level2Oplocks = true)
    {
        Root = Directory.CreateTempSubdirectory("ntvfs-backend-").FullName;
        Ev = new EventContext(clock: clock, name: "test");
        Backend = new PosixNtvfsBackend(maxOpens, new ShareModeTable(), new ByteRangeLockTable());
        Options = new NtvfsShareOptions
        {
            ShareName = "test",
            Path = path ?? Root,
            ReadOnly = readOnly,
            VetoFiles = veto ?? "",
            HideDotFiles = hideDotFiles,
            Level2Oplocks = level2Oplocks,
        };
        Session = new NtvfsSession("user", "DOMAIN", 1000, 1000, false, false) { SessionId = 7 };
        Tree = new NtvfsTree(Options, Backend, Session);
        Request = new NtvfsRequest(Ev, Tree, null);
        ConnectStatus = Run<bool>(Backend.ConnectSend(Request), out _);
    }

    public string Root { get; }
    public EventContext Ev { get; }
    public PosixNtvfsBackend Backend { get; }
    public NtvfsShareOptions Options { get; }
    public NtvfsSession Session { get; }
    public NtvfsTree Tree { get; }
    public NtvfsRequest Request { get; }
    public NtStatus ConnectStatus { get; }

    public string Local(string relative) => Path.Combine(Root, relative.Replace('\\', '/'));

    public void WriteFile(string relative, string content)
    {
        string full = Local(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>Runs the loop until <paramref name="req"/> completes and collects it.</summary>
    public NtStatus Run<T>(TeventReq req, out T result)
    {
        Ev.LoopUntil(req);
        return NtvfsOp.Recv(req, out result);
    }

    public NtStatus Create(string path, out NtvfsCreateResult result, uint access = ReadWrite,
        Smb2CreateDisposition disposition = Smb2CreateDisposition.OpenIf, Smb2CreateOptions options = 0,
        Smb2ShareAccess share = ShareAll, FileAttributes attributes = FileAttributes.Normal,
        Smb2OplockLevel oplock = Smb2OplockLevel.None)
        => Run(Backend.CreateSend(Request, new NtvfsCreateArgs(path, access, attributes, share, disposition, options,
            oplock)), out result);

    /// <summary>Creates or opens and asserts success.</summary>
    public NtvfsHandle Open(string path, uint access = ReadWrite, Smb2CreateDisposition disposition = Smb2CreateDisposition.OpenIf,
        Smb2CreateOptions options = 0, Smb2ShareAccess share = ShareAll)
    {
        NtStatus status = Create(path, out NtvfsCreateResult result, access, disposition, options, share);
        Assert.True(status.IsSuccess, $"create {path}: {status}");
        return result.Handle;
    }

    public NtvfsHandle OpenDirectory(string path, uint access = (uint)AccessMask.FileGenericRead,
        Smb2CreateDisposition disposition = Smb2CreateDisposition.OpenIf)
        => Open(path, access, disposition, Smb2CreateOptions.DirectoryFile);

    public NtStatus Close(NtvfsHandle h, out NtvfsCloseResult result, bool postQuery = false)
        => Run(Backend.CloseSend(Request, h, postQuery), out result);

    public void Close(NtvfsHandle h)
    {
        NtStatus status = Close(h, out _);
        Assert.True(status.IsSuccess, $"close {h.Path}: {status}");
    }

    public NtStatus Write(NtvfsHandle h, long offset, byte[] data, out int written)
    {
        NtStatus status = Run(Backend.WriteSend(Request, h, new NtvfsWriteArgs(offset, data, false)), out NtvfsWriteResult result);
        written = result.Count;
        return status;
    }

    public NtStatus Write(NtvfsHandle h, long offset, string text, out int written)
        => Write(h, offset, Encoding.UTF8.GetBytes(text), out written);

    public NtStatus Read(NtvfsHandle h, long offset, int length, out byte[] data, int minimum = 0)
    {
        var buffer = new byte[length];
        NtStatus status = Run(Backend.ReadSend(Request, h, new NtvfsReadArgs(offset, buffer, minimum)), out NtvfsReadResult result);
        data = status.IsError ? [] : buffer.AsSpan(0, result.Count).ToArray();
        return status;
    }

    public NtStatus Lock(NtvfsHandle h, params NtvfsLockElement[] locks) => Run<bool>(Backend.LockSend(Request, h, locks), out _);

    public NtStatus QueryFile(NtvfsHandle h, FileInformationClass infoClass, out byte[] data, int outputLength = 4096)
        => Query(h, Smb2InfoType.File, (byte)infoClass, out data, outputLength);

    public NtStatus QueryFs(NtvfsHandle h, FileSystemInformationClass infoClass, out byte[] data, int outputLength = 4096)
        => Query(h, Smb2InfoType.FileSystem, (byte)infoClass, out data, outputLength);

    public NtStatus Query(NtvfsHandle h, Smb2InfoType type, byte infoClass, out byte[] data, int outputLength = 4096,
        uint additional = 0)
    {
        NtStatus status = Run(Backend.QueryInfoSend(Request, h,
            new NtvfsQueryInfoArgs(type, infoClass, outputLength, additional, ReadOnlyMemory<byte>.Empty)), out NtvfsInfoResult result);
        data = result.Buffer is null ? [] : result.Buffer.AsSpan(0, result.Length).ToArray();
        return status;
    }

    public NtStatus SetFile(NtvfsHandle h, FileInformationClass infoClass, byte[] buffer)
        => Run<bool>(Backend.SetInfoSend(Request, h, new NtvfsSetInfoArgs(Smb2InfoType.File, (byte)infoClass, 0, buffer)), out _);

    public NtStatus Rename(NtvfsHandle h, string newPath, bool replace = false)
    {
        var info = new FileRenameInformation(replace, 0, newPath);
        var buffer = new byte[info.BinaryLength];
        info.Write(buffer);
        return SetFile(h, FileInformationClass.FileRenameInformation, buffer);
    }

    public NtStatus SetDisposition(NtvfsHandle h, bool delete)
        => SetFile(h, FileInformationClass.FileDispositionInformation, [delete ? (byte)1 : (byte)0]);

    public NtStatus QueryDirectory(NtvfsHandle h, string pattern, out byte[] data,
        FileInformationClass infoClass = FileInformationClass.FileIdBothDirectoryInformation,
        Smb2QueryDirectoryFlags flags = 0, int outputLength = 65536)
    {
        NtStatus status = Run(Backend.QueryDirectorySend(Request, h,
            new NtvfsQueryDirectoryArgs(infoClass, flags, 0, pattern, outputLength)), out NtvfsInfoResult result);
        data = result.Buffer is null ? [] : result.Buffer.AsSpan(0, result.Length).ToArray();
        return status;
    }

    /// <summary>The names in a directory listing of a class whose FileNameLength is at 60 and name at <paramref name="nameOffset"/>.</summary>
    public static List<string> Names(byte[] data, int nameOffset, int lengthOffset = 60)
    {
        var names = new List<string>();
        int pos = 0;
        while (data.Length > 0)
        {
            int next = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos + lengthOffset));
            names.Add(Encoding.Unicode.GetString(data, pos + nameOffset, length));
            if (next == 0)
                break;
            pos += next;
        }
        return names;
    }

    public void Dispose()
    {
        Run<bool>(Backend.DisconnectSend(Request), out _);
        Backend.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
