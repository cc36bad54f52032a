using System.Buffers.Binary;
using Ntvfs;
using Protocol;
using Protocol.Smb2;
using SmbServer.Configuration;
using SmbServer.Smb2;

namespace SmbServer.Tests.Smb2;

public class Smb2IoctlTests
{
    private static readonly Guid ClientGuid = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static readonly Guid ServerGuid = new("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    private static Smb2Ioctl.NegotiatedState State(Smb2Dialect dialect = Smb2Dialect.Smb210) => new(
        dialect, ClientGuid, Smb2SecurityMode.SigningEnabled, Smb2Capabilities.LargeMtu,
        ServerGuid, Smb2SecurityMode.SigningEnabled | Smb2SecurityMode.SigningRequired, Smb2Capabilities.LargeMtu,
        Smb2Dialect.Smb202, Smb2Dialect.Smb210);

    /// <summary>VALIDATE_NEGOTIATE_INFO Request (MS-SMB2 2.2.31.4).</summary>
    private static byte[] ValidateRequest(Smb2Capabilities capabilities, Guid guid, Smb2SecurityMode mode, params ushort[] dialects)
    {
        var input = new byte[24 + 2 * dialects.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(input, (uint)capabilities);
        guid.TryWriteBytes(input.AsSpan(4, 16));
        BinaryPrimitives.WriteUInt16LittleEndian(input.AsSpan(20), (ushort)mode);
        BinaryPrimitives.WriteUInt16LittleEndian(input.AsSpan(22), (ushort)dialects.Length);
        for (int i = 0; i < dialects.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(input.AsSpan(24 + 2 * i), dialects[i]);
        return input;
    }

    private static byte[] GoodRequest() => ValidateRequest(Smb2Capabilities.LargeMtu, ClientGuid, Smb2SecurityMode.SigningEnabled, 0x0202, 0x0210);

    [Fact]
    public void ValidateNegotiateAnswersWithTheServersValues()
    {
        var output = new byte[24];
        var status = Smb2Ioctl.ValidateNegotiateInfo(GoodRequest(), 24, State(), output, out bool disconnect);
        Assert.Equal(NtStatus.Success, status);
        Assert.False(disconnect);
        Assert.Equal((uint)Smb2Capabilities.LargeMtu, BinaryPrimitives.ReadUInt32LittleEndian(output));
        Assert.Equal(ServerGuid, new Guid(output.AsSpan(4, 16)));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(output.AsSpan(20)));
        Assert.Equal(0x0210, BinaryPrimitives.ReadUInt16LittleEndian(output.AsSpan(22)));
    }

    public static TheoryData<byte[]> Tampered => new()
    {
        ValidateRequest(Smb2Capabilities.LargeMtu, ClientGuid, Smb2SecurityMode.SigningEnabled, 0x0202),          // dialect would be 2.0.2
        ValidateRequest(Smb2Capabilities.LargeMtu, ClientGuid, Smb2SecurityMode.SigningEnabled, 0x0300),          // no common dialect
        ValidateRequest(Smb2Capabilities.LargeMtu, Guid.Empty, Smb2SecurityMode.SigningEnabled, 0x0210),          // another client
        ValidateRequest(Smb2Capabilities.LargeMtu, ClientGuid, Smb2SecurityMode.SigningRequired, 0x0210),         // signing downgraded
        ValidateRequest(Smb2Capabilities.LargeMtu | Smb2Capabilities.Dfs, ClientGuid, Smb2SecurityMode.SigningEnabled, 0x0210),
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void AnyDifferenceFromTheNegotiationDisconnects(byte[] input)
    {
        var status = Smb2Ioctl.ValidateNegotiateInfo(input, 24, State(), new byte[24], out bool disconnect);
        Assert.True(disconnect);
        Assert.True(status.IsError);
    }

    [Fact]
    public void ValidateNegotiateOn311OrWithATooSmallOutputDisconnects()
    {
        Smb2Ioctl.ValidateNegotiateInfo(GoodRequest(), 24, State(Smb2Dialect.Smb311), new byte[24], out bool disconnect);
        Assert.True(disconnect);
        Smb2Ioctl.ValidateNegotiateInfo(GoodRequest(), 23, State(), new byte[24], out disconnect);
        Assert.True(disconnect);
    }

    [Fact]
    public void ATruncatedValidateNegotiateRequestIsInvalid()
    {
        var good = GoodRequest();
        Assert.Equal(NtStatus.InvalidParameter, Smb2Ioctl.ValidateNegotiateInfo(good.AsSpan(0, 23), 24, State(), new byte[24], out bool disconnect));
        Assert.False(disconnect);
        Assert.Equal(NtStatus.InvalidParameter, Smb2Ioctl.ValidateNegotiateInfo(good.AsSpan(0, 27), 24, State(), new byte[24], out disconnect));
        Assert.False(disconnect);
    }

    [Fact]
    public void SelectDialectFollowsTheConfiguredRange()
    {
        byte[] both = [0x02, 0x02, 0x10, 0x02];
        Assert.Equal(Smb2Dialect.Smb210, Smb2Ioctl.SelectDialect(both, Smb2Dialect.Smb202, Smb2Dialect.Smb311));
        Assert.Equal(Smb2Dialect.Smb202, Smb2Ioctl.SelectDialect(both, Smb2Dialect.Smb202, Smb2Dialect.Smb202));
        Assert.Equal(Smb2Dialect.Smb300, Smb2Ioctl.SelectDialect([0x02, 0x02, 0x00, 0x03], Smb2Dialect.Smb202, Smb2Dialect.Smb311));
        Assert.Equal((Smb2Dialect)0, Smb2Ioctl.SelectDialect([0x01, 0x02], Smb2Dialect.Smb202, Smb2Dialect.Smb311)); // 0x0201 is no dialect
    }

    [Fact]
    public void ServerSecurityModeFollowsServerSigning()
    {
        Assert.Equal(Smb2SecurityMode.SigningEnabled | Smb2SecurityMode.SigningRequired, Smb2Ioctl.ServerSecurityMode(ServerSigning.Mandatory));
        Assert.Equal(Smb2SecurityMode.SigningEnabled, Smb2Ioctl.ServerSecurityMode(ServerSigning.Auto));
    }

    private static Smb2IoctlRequest Ioctl(uint ctl, Smb2FileId fileId, uint maxOutput = 1024, Smb2IoctlFlags flags = Smb2IoctlFlags.IsFsctl)
        => new(ctl, fileId, 0, 0, 0, 0, 0, maxOutput, flags);

    [Fact]
    public void IoctlValidation()
    {
        var none = Smb2FileId.UsePrevious;
        Assert.Equal(NtStatus.NotSupported, Smb2Ioctl.Validate(Ioctl(Smb2Ioctl.FsctlPipeTransceive, default, flags: Smb2IoctlFlags.IsIoctl), 65536));
        Assert.Equal(NtStatus.InvalidParameter, Smb2Ioctl.Validate(Ioctl(Smb2Ioctl.FsctlPipeTransceive, default, 65537), 65536));
        Assert.Equal(NtStatus.InvalidParameter, Smb2Ioctl.Validate(Ioctl(Smb2Ioctl.FsctlValidateNegotiateInfo, new Smb2FileId(1, 1)), 65536));
        Assert.Equal(NtStatus.Success, Smb2Ioctl.Validate(Ioctl(Smb2Ioctl.FsctlValidateNegotiateInfo, none), 65536));
        Assert.Equal(NtStatus.Success, Smb2Ioctl.Validate(Ioctl(Smb2Ioctl.FsctlPipeTransceive, new Smb2FileId(1, 1)), 65536));
    }

    [Theory]
    [InlineData(Smb2Ioctl.FsctlPipeTransceive, 0x80000005u, 10, false)] // more of the message follows
    [InlineData(Smb2Ioctl.FsctlPipePeek, 0x80000005u, 10, false)]
    [InlineData(Smb2Ioctl.FsctlSrvCopychunk, 0x80000005u, 10, true)]
    [InlineData(Smb2Ioctl.FsctlSrvCopychunk, 0xC000000Du, 12, false)] // copychunk limits in a full response
    [InlineData(Smb2Ioctl.FsctlSrvCopychunkWrite, 0xC000000Du, 0, true)]
    [InlineData(Smb2Ioctl.FsctlPipeTransceive, 0xC000014Bu, 0, true)]
    [InlineData(Smb2Ioctl.FsctlPipeTransceive, 0x00000000u, 0, false)]
    public void IoctlFailureRule(uint ctl, uint status, int length, bool failure)
        => Assert.Equal(failure, Smb2Ioctl.IsFailure(ctl, new NtStatus(status), length));

    private static Smb2Request IoctlRequest(Smb2TestHarness h, uint ctl, Smb2FileId fileId, byte[] input, uint maxOutput = 1024)
        => h.Request(Smb2Command.Ioctl, (m, o) => Ioctl(ctl, fileId, maxOutput).Write(m, o, input));

    [Fact]
    public void ValidateNegotiateIsAnsweredFromTheConnection()
    {
        using var h = new Smb2TestHarness();
        var r = IoctlRequest(h, Smb2Ioctl.FsctlValidateNegotiateInfo, Smb2FileId.UsePrevious, GoodRequest(), 24);
        Assert.Equal(NtStatus.Success, h.Run(Smb2Ioctl.Handle, r));
        Assert.Empty(h.Backend.Calls);
        var response = Smb2TestHarness.Response(r);
        Assert.True(Smb2IoctlResponse.TryParse(response, Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(Smb2Ioctl.FsctlValidateNegotiateInfo, parsed.CtlCode);
        Assert.Equal(Smb2FileId.UsePrevious, parsed.FileId);
        Assert.Equal(0x70u, parsed.OutputOffset);
        var output = parsed.GetOutput(response);
        Assert.Equal(24, output.Length);
        Assert.Equal(h.Server.ServerGuid, new Guid(output.Slice(4, 16)));
        Assert.Equal(0x0210, BinaryPrimitives.ReadUInt16LittleEndian(output[22..]));
    }

    [Fact]
    public void ATamperedValidateNegotiateDropsTheConnectionWithoutAnswer()
    {
        using var h = new Smb2TestHarness();
        var input = ValidateRequest(Smb2Capabilities.LargeMtu, ClientGuid, Smb2SecurityMode.None, 0x0210);
        var r = IoctlRequest(h, Smb2Ioctl.FsctlValidateNegotiateInfo, Smb2FileId.UsePrevious, input, 24);
        h.Run(Smb2Ioctl.Handle, r);
        Assert.True(r.NoResponse);
    }

    [Fact]
    public void NetworkInterfacesAndDfsAreNotOffered()
    {
        using var disk = new Smb2TestHarness();
        Assert.Equal(NtStatus.InvalidDeviceRequest, disk.Run(Smb2Ioctl.Handle, IoctlRequest(disk, Smb2Ioctl.FsctlQueryNetworkInterfaceInfo, Smb2FileId.UsePrevious, [])));
        using var ipc = new Smb2TestHarness(ipc: true);
        Assert.Equal(NtStatus.FsDriverRequired, ipc.Run(Smb2Ioctl.Handle, IoctlRequest(ipc, Smb2Ioctl.FsctlQueryNetworkInterfaceInfo, Smb2FileId.UsePrevious, [])));
        Assert.Equal(NtStatus.FsDriverRequired, ipc.Run(Smb2Ioctl.Handle, IoctlRequest(ipc, Smb2Ioctl.FsctlDfsGetReferrals, Smb2FileId.UsePrevious, [0, 0])));
        Assert.Empty(ipc.Backend.Calls);
    }

    [Fact]
    public void APipeTransceiveGoesToTheBackendWithItsHandle()
    {
        using var h = new Smb2TestHarness(ipc: true);
        var fileId = h.AddOpen();
        h.Backend.OnInfo = () => (NtStatus.BufferOverflow, new NtvfsInfoResult([7, 7, 7], 3));
        var r = IoctlRequest(h, Smb2Ioctl.FsctlPipeTransceive, fileId, [5, 0, 11, 3], 3);
        Assert.Equal(NtStatus.BufferOverflow, h.Run(Smb2Ioctl.Handle, r));
        Assert.Equal(new byte[] { 5, 0, 11, 3 }, h.Backend.LastIoctl.Input.ToArray());
        Assert.Equal(3, h.Backend.LastIoctl.MaxOutputResponse);
        Assert.True(h.Backend.LastIoctl.IsFsctl);
        Assert.NotNull(h.Backend.LastIoctlHandle);
        Assert.True(h.Backend.LastRequest!.MayGoAsync);
        var response = Smb2TestHarness.Response(r);
        Assert.True(Smb2IoctlResponse.TryParse(response, Smb2Request.BodyOffset, out var parsed, out _));
        Assert.Equal(new byte[] { 7, 7, 7 }, parsed.GetOutput(response).ToArray());
        Assert.Equal(fileId, r.FileIdForNext);
    }

    [Fact]
    public void APipeWaitTakesNoHandle()
    {
        using var h = new Smb2TestHarness(ipc: true);
        var r = IoctlRequest(h, Smb2Ioctl.FsctlPipeWait, Smb2FileId.UsePrevious, new byte[14]);
        Assert.Equal(NtStatus.Success, h.Run(Smb2Ioctl.Handle, r));
        Assert.Null(h.Backend.LastIoctlHandle);
    }

    [Fact]
    public void AnUnsupportedFsctlGetsTheErrorBody()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        h.Backend.OnInfo = () => (NtStatus.InvalidDeviceRequest, default);
        var r = IoctlRequest(h, 0x00090000, fileId, []);
        Assert.Equal(NtStatus.InvalidDeviceRequest, h.Run(Smb2Ioctl.Handle, r));
        Assert.False(r.BodyWritten); // the dispatcher writes the ERROR response
        Assert.False(h.Backend.LastRequest!.MayGoAsync);
    }
}
