using System.Buffers.Binary;
using Ntvfs.Ipc;
using Protocol;
using Protocol.Fscc;
using Protocol.Smb2;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Tests.Ipc;

public class IpcCreateTests
{
    private readonly IpcTestHost _host = new();

    [Theory]
    [InlineData("srvsvc")]
    [InlineData("SRVSVC")]
    [InlineData(@"\PIPE\srvsvc")]
    [InlineData(@"\srvsvc")]
    public void OpensAPipeWithPipeMetadata(string path)
    {
        Assert.Equal(NtStatus.Success, _host.Create(IpcTestHost.CreateArgs(path), out var result));

        var h = Assert.IsType<IpcPipeHandle>(result.Handle);
        Assert.Equal("srvsvc", h.PipeName);
        Assert.False(h.IsDirectory);
        Assert.Equal(Smb2CreateAction.Opened, result.CreateAction);
        Assert.Equal(Smb2OplockLevel.None, result.OplockLevel);
        Assert.Equal(FileAttributes.Normal, result.Metadata.EffectiveAttributes);
        Assert.Equal(0, result.Metadata.EndOfFile);
        Assert.Equal(0, result.Metadata.AllocationSize);
        Assert.Equal(0, result.Metadata.CreationTime);
        Assert.Equal(0x0012019Fu, result.MaximalAccess);
        Assert.Equal(PipeReadMode.Message, h.ReadMode);
        Assert.Equal(PipeCompletionMode.Queue, h.CompletionMode);
        Assert.Equal(0, h.ReadDataAvailable);
    }

    [Fact]
    public void EachOpenIsItsOwnPipeInstance()
    {
        var first = _host.Open();
        var second = _host.Open();
        Assert.NotSame(first.Pipe, second.Pipe);

        Assert.Equal(NtStatus.Success, _host.Write(first, IpcTestClient.SrvsvcBind()));
        Assert.True(first.Pipe.IsBound);
        Assert.False(second.Pipe.IsBound);
        Assert.Equal(0, second.ReadDataAvailable);
    }

    [Theory]
    [InlineData("lsarpc")]
    [InlineData("samr")]
    [InlineData(@"\PIPE\spoolss")]
    public void UnknownPipeIsObjectNameNotFound(string path)
    {
        Assert.Equal(NtStatus.ObjectNameNotFound, _host.Create(IpcTestHost.CreateArgs(path), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(@"\")]
    [InlineData("../srvsvc")]
    [InlineData(@"..\srvsvc")]
    [InlineData(@"\PIPE\..\srvsvc")]
    [InlineData("srvsvc/..")]
    [InlineData("/srvsvc")]
    [InlineData(@"srvsvc\..\wkssvc")]
    [InlineData("srvsvc:$DATA")]
    [InlineData("../../../../var/run/samba/np/srvsvc")]
    public void RootAndPathLikeNamesAreObjectNameNotFound(string path)
    {
        Assert.Equal(NtStatus.ObjectNameNotFound, _host.Create(IpcTestHost.CreateArgs(path), out _));
    }

    [Fact]
    public void DirectoryOpenOfAPipeIsNotADirectory()
    {
        Assert.Equal(NtStatus.NotADirectory,
            _host.Create(IpcTestHost.CreateArgs("srvsvc", options: Smb2CreateOptions.DirectoryFile), out _));
    }

    [Theory]
    [InlineData(0x80000000u | 0x40000000u, 0x0012019Fu)] // GENERIC_READ | GENERIC_WRITE
    [InlineData(0x02000000u, 0x0012019Fu)]               // MAXIMUM_ALLOWED
    [InlineData(0x0002019Fu, 0x0002019Fu)]               // what smbclient asks
    [InlineData(0x00000001u, 0x00000001u)]               // FILE_READ_DATA
    [InlineData(0x00010000u | 0x00000002u, 0x00000002u)] // DELETE is not a pipe right
    public void GrantedAccessIsTheDesiredAccessWithinPipeRights(uint desired, uint granted)
    {
        Assert.Equal(granted, _host.Open("srvsvc", desired).GrantedAccess);
    }

    [Fact]
    public void ReadAndWriteNeedTheirAccessRights()
    {
        var readOnly = _host.Open("srvsvc", 0x00000001);
        Assert.Equal(NtStatus.AccessDenied, _host.Write(readOnly, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.AccessDenied, _host.Transceive(readOnly, IpcTestClient.SrvsvcBind(), 4280, out _));

        var writeOnly = _host.Open("srvsvc", 0x00000002);
        Assert.Equal(NtStatus.Success, _host.Write(writeOnly, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.AccessDenied, _host.Read(writeOnly, 4280, out _));
        Assert.Equal(NtStatus.AccessDenied, _host.Ioctl(writeOnly, PipeFsctl.Peek, [], 100, out _));
    }

    [Fact]
    public void CurrentInstancesCountsOpenInstancesOfThePipe()
    {
        var a = _host.Open();
        var b = _host.Open(@"\PIPE\SRVSVC");
        _host.Open("wkssvc");
        Assert.Equal(2u, CurrentInstances(a));
        Assert.Equal(NtStatus.Success, _host.Close(b));
        Assert.Equal(1u, CurrentInstances(a));
    }

    [Fact]
    public void OperationsOnAClosedOpenAreFileClosed()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Close(h));
        Assert.True(h.IsClosed);

        Assert.Equal(NtStatus.FileClosed, _host.Close(h));
        Assert.Equal(NtStatus.FileClosed, _host.Write(h, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.FileClosed, _host.Read(h, 100, out _));
        Assert.Equal(NtStatus.FileClosed, _host.Transceive(h, IpcTestClient.SrvsvcBind(), 100, out _));
        Assert.Equal(NtStatus.FileClosed, _host.QueryInfo(h, Smb2InfoType.File, FileInformationClass.FileStandardInformation, 100, out _));
        Assert.Equal(NtStatus.FileClosed, _host.Run(_host.Backend.FlushSend(_host.Request, h), out bool _));
    }

    [Fact]
    public void CloseReportsNoAttributes()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Run(_host.Backend.CloseSend(_host.Request, h, postQueryAttributes: true), out NtvfsCloseResult result));
        Assert.False(result.HasMetadata);
    }

    [Fact]
    public void UnsupportedOperationsAnswerNotSupported()
    {
        var h = _host.Open();
        var dir = new NtvfsQueryDirectoryArgs(FileInformationClass.FileDirectoryInformation, 0, 0, "*", 4096);
        Assert.Equal(NtStatus.NotSupported, _host.Run(_host.Backend.QueryDirectorySend(_host.Request, h, dir), out NtvfsInfoResult _));
        Assert.Equal(NtStatus.NotSupported, _host.Run(_host.Backend.LockSend(_host.Request, h, [new NtvfsLockElement(0, 1, true, false, true)]), out bool _));
        Assert.Equal(NtStatus.NotSupported, _host.Run(_host.Backend.NotifySend(_host.Request, h, new NtvfsNotifyArgs(CompletionFilter.FileName, false, 4096)), out NtvfsInfoResult _));
        Assert.Equal(NtStatus.Success, _host.Run(_host.Backend.FlushSend(_host.Request, h), out bool _));
        Assert.Equal("ipc", _host.Backend.Name);
    }

    private uint CurrentInstances(IpcPipeHandle h)
    {
        Assert.Equal(NtStatus.Success, _host.QueryInfo(h, Smb2InfoType.File, FileInformationClass.FilePipeLocalInformation, 100, out byte[] info));
        return BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(12));
    }
}
