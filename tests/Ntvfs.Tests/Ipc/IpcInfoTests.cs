using System.Buffers.Binary;
using Ntvfs.Ipc;
using Protocol;
using Protocol.Fscc;
using Protocol.Smb2;

namespace Ntvfs.Tests.Ipc;

public class IpcInfoTests
{
    private readonly IpcTestHost _host = new();

    [Fact]
    public void FileStandardInformationHasSambasPipeValues()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.QueryInfo(h, Smb2InfoType.File, FileInformationClass.FileStandardInformation, 4096, out byte[] info));
        Assert.Equal(24, info.Length);
        Assert.Equal(4096, BinaryPrimitives.ReadInt64LittleEndian(info));          // AllocationSize
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(info.AsSpan(8)));   // EndOfFile
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(16))); // NumberOfLinks
        Assert.Equal(1, info[20]);                                                // DeletePending
        Assert.Equal(0, info[21]);                                                // Directory
    }

    [Theory]
    [InlineData(FileInformationClass.FileStandardInformation, 23)]
    [InlineData(FileInformationClass.FilePipeInformation, 7)]
    [InlineData(FileInformationClass.FilePipeLocalInformation, 39)]
    [InlineData(FileInformationClass.FilePipeLocalInformation, 0)]
    public void AnOutputBufferShorterThanTheClassIsInfoLengthMismatch(FileInformationClass infoClass, int outputLength)
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.InfoLengthMismatch, _host.QueryInfo(h, Smb2InfoType.File, infoClass, outputLength, out _));
    }

    [Theory]
    [InlineData(Smb2InfoType.File, FileInformationClass.FileBasicInformation)]
    [InlineData(Smb2InfoType.File, FileInformationClass.FileAllInformation)]
    [InlineData(Smb2InfoType.File, FileInformationClass.FileNetworkOpenInformation)]
    [InlineData(Smb2InfoType.File, FileInformationClass.FilePipeRemoteInformation)]
    [InlineData(Smb2InfoType.FileSystem, (FileInformationClass)1)]
    [InlineData(Smb2InfoType.Security, (FileInformationClass)0)]
    [InlineData(Smb2InfoType.Quota, (FileInformationClass)0)]
    public void OtherQueriesAreNotSupported(Smb2InfoType type, FileInformationClass infoClass)
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.NotSupported, _host.QueryInfo(h, type, infoClass, 4096, out _));
    }

    [Fact]
    public void FilePipeInformationIsMessageModeBlockingUntilSet()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.QueryInfo(h, Smb2InfoType.File, FileInformationClass.FilePipeInformation, 100, out byte[] info));
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0], info);

        Assert.Equal(NtStatus.Success, _host.SetInfo(h, Smb2InfoType.File, FileInformationClass.FilePipeInformation, [0, 0, 0, 0, 1, 0, 0, 0]));
        Assert.Equal(PipeReadMode.ByteStream, h.ReadMode);
        Assert.Equal(PipeCompletionMode.Complete, h.CompletionMode);
        Assert.Equal(NtStatus.Success, _host.QueryInfo(h, Smb2InfoType.File, FileInformationClass.FilePipeInformation, 100, out info));
        Assert.Equal([0, 0, 0, 0, 1, 0, 0, 0], info);
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 0, 0, 2, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 0, 0x80, 0, 0, 0, 0 })]
    public void SetFilePipeInformationWithAnUnknownModeIsInvalidParameter(byte[] buffer)
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.InvalidParameter, _host.SetInfo(h, Smb2InfoType.File, FileInformationClass.FilePipeInformation, buffer));
        Assert.Equal(PipeReadMode.Message, h.ReadMode);
    }

    [Fact]
    public void SetFilePipeInformationTooShortIsInfoLengthMismatch()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.InfoLengthMismatch, _host.SetInfo(h, Smb2InfoType.File, FileInformationClass.FilePipeInformation, [0, 0, 0, 0, 1, 0, 0]));
    }

    [Fact]
    public void OtherSetInfoIsNotSupported()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.NotSupported, _host.SetInfo(h, Smb2InfoType.File, FileInformationClass.FileDispositionInformation, [1]));
        Assert.Equal(NtStatus.NotSupported, _host.SetInfo(h, Smb2InfoType.File, FileInformationClass.FileEndOfFileInformation, new byte[8]));
        Assert.Equal(NtStatus.NotSupported, _host.SetInfo(h, Smb2InfoType.Security, 0, new byte[20]));
    }

    [Fact]
    public void FilePipeLocalInformationDescribesTheClientEnd()
    {
        var h = _host.Open();
        Assert.Equal(NtStatus.Success, _host.Write(h, IpcTestClient.SrvsvcBind()));
        Assert.Equal(NtStatus.Success, _host.QueryInfo(h, Smb2InfoType.File, FileInformationClass.FilePipeLocalInformation, 40, out byte[] info));
        Assert.Equal(40, info.Length);
        uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(info.AsSpan(offset));
        Assert.Equal(1u, U32(0));                       // FILE_PIPE_MESSAGE_TYPE
        Assert.Equal(2u, U32(4));                       // FILE_PIPE_FULL_DUPLEX
        Assert.Equal(0xFFFFFFFFu, U32(8));              // unlimited instances
        Assert.Equal(1u, U32(12));                      // this one
        Assert.Equal((uint)h.ReadDataAvailable, U32(20));
        Assert.True(U32(20) > 0);
        Assert.Equal(3u, U32(32));                      // FILE_PIPE_CONNECTED_STATE
        Assert.Equal(0u, U32(36));                      // FILE_PIPE_CLIENT_END
    }
}
