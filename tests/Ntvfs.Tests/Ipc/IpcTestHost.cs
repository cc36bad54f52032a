using Ntvfs.Ipc;
using Protocol;
using Protocol.Smb2;
using TEvent;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Tests.Ipc;

/// <summary>
/// An IPC$ tree connect on a loop owned by the test thread: each helper starts an operation and runs the loop until
/// it completes (<see cref="EventContext.LoopUntil(TeventReq)"/>), then collects it with NtvfsOp.Recv.
/// </summary>
internal sealed class IpcTestHost
{
    public const uint PipeAccess = 0x0012019F;

    public IpcTestHost(IpcBackend? backend = null)
    {
        Ev = new EventContext();
        Sources = new IpcTestSources();
        Backend = backend ?? new IpcBackend(Sources, Sources);
        var tree = new NtvfsTree(new NtvfsShareOptions { ShareName = "IPC$" }, Backend, new NtvfsSession("alice", "WORKGROUP", 1000, 1000, false, false));
        Request = new NtvfsRequest(Ev, tree, null);
    }

    public EventContext Ev { get; }
    public IpcTestSources Sources { get; }
    public IpcBackend Backend { get; }
    public NtvfsRequest Request { get; }

    public static NtvfsCreateArgs CreateArgs(string path, uint desiredAccess = PipeAccess, Smb2CreateOptions options = Smb2CreateOptions.None)
        => new(path, desiredAccess, FileAttributes.None, Smb2ShareAccess.Read | Smb2ShareAccess.Write, Smb2CreateDisposition.Open,
            options, Smb2OplockLevel.None);

    public NtStatus Create(NtvfsCreateArgs args, out NtvfsCreateResult result) => Run(Backend.CreateSend(Request, args), out result);

    public IpcPipeHandle Open(string path = "srvsvc", uint desiredAccess = PipeAccess)
    {
        Assert.Equal(NtStatus.Success, Create(CreateArgs(path, desiredAccess), out var result));
        return Assert.IsType<IpcPipeHandle>(result.Handle);
    }

    public NtStatus Write(NtvfsHandle h, byte[] data)
    {
        NtStatus status = Run(Backend.WriteSend(Request, h, new NtvfsWriteArgs(0, data, false)), out NtvfsWriteResult result);
        if (status.IsSuccess) Assert.Equal(data.Length, result.Count);
        return status;
    }

    // The destination each read was given (NtvfsReadArgs.Buffer: the caller's), to collect the data from.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TeventReq, byte[]> ReadBuffers = new();

    public TeventReq ReadSend(NtvfsHandle h, int length)
    {
        var buffer = new byte[length];
        var req = Backend.ReadSend(Request, h, new NtvfsReadArgs(0, buffer, 0));
        ReadBuffers.AddOrUpdate(req, buffer);
        return req;
    }

    public NtStatus Read(NtvfsHandle h, int length, out byte[] data) => ReadRecv(Run(ReadSend(h, length)), out data);

    public static NtStatus ReadRecv(TeventReq req, out byte[] data)
    {
        Assert.True(ReadBuffers.TryGetValue(req, out byte[]? buffer));
        ReadBuffers.Remove(req);
        NtStatus status = NtvfsOp.Recv(req, out NtvfsReadResult result);
        data = Bytes(buffer, result.Count);
        return status;
    }

    public TeventReq IoctlSend(NtvfsHandle? h, uint ctlCode, byte[] input, int maxOutput, bool isFsctl = true)
        => Backend.IoctlSend(Request, h, new NtvfsIoctlArgs(ctlCode, input, maxOutput, isFsctl));

    public NtStatus Ioctl(NtvfsHandle? h, uint ctlCode, byte[] input, int maxOutput, out byte[] output, bool isFsctl = true)
        => IoctlRecv(Run(IoctlSend(h, ctlCode, input, maxOutput, isFsctl)), out output);

    public static NtStatus IoctlRecv(TeventReq req, out byte[] output)
    {
        NtStatus status = NtvfsOp.Recv(req, out NtvfsInfoResult result);
        output = Bytes(result.Buffer, result.Length);
        return status;
    }

    public NtStatus Transceive(NtvfsHandle h, byte[] input, int maxOutput, out byte[] output)
        => Ioctl(h, PipeFsctl.Transceive, input, maxOutput, out output);

    public NtStatus QueryInfo(NtvfsHandle h, Smb2InfoType type, Protocol.Fscc.FileInformationClass infoClass, int outputLength, out byte[] output)
    {
        NtStatus status = Run(Backend.QueryInfoSend(Request, h, new NtvfsQueryInfoArgs(type, (byte)infoClass, outputLength, 0, default)),
            out NtvfsInfoResult result);
        output = Bytes(result.Buffer, result.Length);
        return status;
    }

    public NtStatus SetInfo(NtvfsHandle h, Smb2InfoType type, Protocol.Fscc.FileInformationClass infoClass, byte[] buffer)
        => Run(Backend.SetInfoSend(Request, h, new NtvfsSetInfoArgs(type, (byte)infoClass, 0, buffer)), out bool _);

    public NtStatus Close(NtvfsHandle h) => Run(Backend.CloseSend(Request, h, postQueryAttributes: false), out NtvfsCloseResult _);

    public NtStatus Run<T>(TeventReq req, out T result)
    {
        Ev.LoopUntil(req);
        return NtvfsOp.Recv(req, out result);
    }

    public TeventReq Run(TeventReq req)
    {
        Ev.LoopUntil(req);
        return req;
    }

    /// <summary>Runs the loop until nothing is runnable, so a request that should wait is seen still waiting.</summary>
    public void Settle()
    {
        for (int i = 0; i < 4; i++) Ev.LoopOnce(TimeSpan.Zero);
    }

    /// <summary>Opens srvsvc and binds it with WRITE + READ; returns the open.</summary>
    public IpcPipeHandle OpenBoundSrvsvc()
    {
        var h = Open("srvsvc");
        Assert.Equal(NtStatus.Success, Write(h, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.Success, Read(h, 4280, out byte[] ack));
        IpcTestClient.AssertBindAck(ack);
        return h;
    }

    private static byte[] Bytes(byte[]? buffer, int count) => buffer is null ? [] : buffer.AsSpan(0, count).ToArray();
}
