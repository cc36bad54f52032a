using System.Buffers.Binary;
using Protocol.Fsctl;
using Protocol;
using Protocol.Security;
using Protocol.Smb2;
using PosixNtvfsBackend = Ntvfs.Posix.Backend.PosixBackend;

namespace Ntvfs.Tests.PosixBackend;

public class IoctlTests
{
    private static NtStatus Fsctl(BackendFixture f, NtvfsHandle? h, uint code, byte[] input, out byte[] output, int maxOutput = 65536)
    {
        NtStatus status = f.Run(f.Backend.IoctlSend(f.Request, h, new NtvfsIoctlArgs(code, input, maxOutput, true)),
            out NtvfsInfoResult result);
        output = result.Buffer is null ? [] : result.Buffer.AsSpan(0, result.Length).ToArray();
        return status;
    }

    private static ResumeKey KeyOf(BackendFixture f, NtvfsHandle source)
    {
        Assert.Equal(NtStatus.Success, Fsctl(f, source, FsctlCode.SrvRequestResumeKey, [], out byte[] output));
        Assert.Equal(SrvRequestResumeKey.Size, output.Length);
        return ResumeKey.Read(output);
    }

    [Fact]
    public void EnumerateSnapshotsReturnsAnEmptyArray()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.OpenDirectory("");
        Assert.Equal(NtStatus.Success, Fsctl(f, h, FsctlCode.SrvEnumerateSnapshots, [], out byte[] output));
        Assert.Equal(16, output.Length);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(output));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(output.AsSpan(4)));
        Assert.Equal(NtStatus.InvalidParameter, Fsctl(f, h, FsctlCode.SrvEnumerateSnapshots, [], out _, maxOutput: 15));
        f.Close(h);
    }

    [Fact]
    public void ObjectIdsComeFromTheFilesIdentity()
    {
        using var f = new BackendFixture();
        NtvfsHandle a = f.Open("a.txt");
        NtvfsHandle again = f.Open("a.txt");
        NtvfsHandle b = f.Open("b.txt");
        Assert.Equal(NtStatus.Success, Fsctl(f, a, FsctlCode.CreateOrGetObjectId, [], out byte[] idA));
        Assert.Equal(NtStatus.Success, Fsctl(f, again, FsctlCode.GetObjectId, [], out byte[] idAgain));
        Assert.Equal(NtStatus.Success, Fsctl(f, b, FsctlCode.CreateOrGetObjectId, [], out byte[] idB));
        Assert.Equal(FileObjectIdBuffer.Size, idA.Length);
        Assert.True(FileObjectIdBuffer.TryParse(idA, out FileObjectIdBuffer parsed));
        Assert.Equal(parsed.ObjectId, parsed.BirthObjectId);
        Assert.Equal(Guid.Empty, parsed.DomainId);
        Assert.Equal(idA, idAgain);
        Assert.NotEqual(idA.AsSpan(0, 16).ToArray(), idB.AsSpan(0, 16).ToArray());
        Assert.Equal(NtStatus.BufferTooSmall, Fsctl(f, a, FsctlCode.CreateOrGetObjectId, [], out _, maxOutput: 63));
        f.Close(a);
        f.Close(again);
        f.Close(b);
    }

    [Fact]
    public void OtherFsctlsAreRefused()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("f.txt");
        Assert.Equal(NtStatus.NotAReparsePoint, Fsctl(f, h, FsctlCode.GetReparsePoint, [], out _));
        Assert.Equal(NtStatus.InvalidDeviceRequest, Fsctl(f, h, 0x00090000, [], out _));
        Assert.Equal(NtStatus.InvalidDeviceRequest, Fsctl(f, null, FsctlCode.SrvEnumerateSnapshots, [], out _));
        NtStatus ioctl = f.Run(f.Backend.IoctlSend(f.Request, h, new NtvfsIoctlArgs(0x1234, default, 100, false)), out NtvfsInfoResult _);
        Assert.Equal(NtStatus.NotSupported, ioctl);
        f.Close(h);
    }

    [Fact]
    public void ResumeKeyIsStablePerOpen()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("k.txt");
        Assert.Equal(KeyOf(f, h), KeyOf(f, h));
        NtvfsHandle other = f.Open("k.txt");
        Assert.NotEqual(KeyOf(f, h), KeyOf(f, other));
        Assert.Equal(NtStatus.InvalidParameter, Fsctl(f, h, FsctlCode.SrvRequestResumeKey, [], out _, maxOutput: 31));
        f.Close(h);
        f.Close(other);
    }

    [Fact]
    public void CopyChunkCopiesTheRanges()
    {
        using var f = new BackendFixture();
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(1).NextBytes(data);
        File.WriteAllBytes(f.Local("src.bin"), data);
        NtvfsHandle src = f.Open("src.bin", (uint)AccessMask.FileGenericRead, Smb2CreateDisposition.Open);
        NtvfsHandle dst = f.Open("dst.bin");
        ResumeKey key = KeyOf(f, src);
        const int mib = 1024 * 1024;
        byte[] input = SrvCopychunkCopy.Build(key, [
            new SrvCopychunk(0, 0, mib), new SrvCopychunk(mib, mib, mib), new SrvCopychunk(2 * mib, 2 * mib + 10, mib)]);
        Assert.Equal(NtStatus.Success, Fsctl(f, dst, FsctlCode.SrvCopychunk, input, out byte[] output));
        var response = SrvCopychunkResponse.Read(output);
        Assert.Equal(new SrvCopychunkResponse(3, 0, 3 * mib), response);
        f.Close(src);
        f.Close(dst);
        byte[] copied = File.ReadAllBytes(f.Local("dst.bin"));
        Assert.Equal(3 * mib + 10, copied.Length);
        Assert.Equal(data.AsSpan(0, 2 * mib).ToArray(), copied.AsSpan(0, 2 * mib).ToArray());
        Assert.Equal(data.AsSpan(2 * mib).ToArray(), copied.AsSpan(2 * mib + 10).ToArray());
    }

    [Fact]
    public void CopyChunkLimitsAreReportedWithInvalidParameter()
    {
        using var f = new BackendFixture();
        f.WriteFile("src.txt", "0123456789");
        NtvfsHandle src = f.Open("src.txt", (uint)AccessMask.FileGenericRead, Smb2CreateDisposition.Open);
        NtvfsHandle dst = f.Open("dst.txt");
        ResumeKey key = KeyOf(f, src);
        var limits = new SrvCopychunkResponse(PosixNtvfsBackend.CopyChunkMaxChunks, PosixNtvfsBackend.CopyChunkMaxChunkSize,
            PosixNtvfsBackend.CopyChunkMaxDataSize);

        var tooMany = Enumerable.Repeat(new SrvCopychunk(0, 0, 1), 257).ToArray();
        Assert.Equal(NtStatus.InvalidParameter, Fsctl(f, dst, FsctlCode.SrvCopychunkWrite, SrvCopychunkCopy.Build(key, tooMany), out byte[] output));
        Assert.Equal(limits, SrvCopychunkResponse.Read(output));
        Assert.Equal(NtStatus.InvalidParameter, Fsctl(f, dst, FsctlCode.SrvCopychunkWrite,
            SrvCopychunkCopy.Build(key, [new SrvCopychunk(0, 0, 1024 * 1024 + 1)]), out output));
        Assert.Equal(limits, SrvCopychunkResponse.Read(output));
        Assert.Equal(NtStatus.InvalidParameter, Fsctl(f, dst, FsctlCode.SrvCopychunkWrite,
            SrvCopychunkCopy.Build(key, [new SrvCopychunk(0, 0, 0)]), out output));
        var sixteenMiB = Enumerable.Repeat(new SrvCopychunk(0, 0, 1024 * 1024), 17).ToArray();
        Assert.Equal(NtStatus.InvalidParameter, Fsctl(f, dst, FsctlCode.SrvCopychunkWrite,
            SrvCopychunkCopy.Build(key, sixteenMiB), out output));
        // A chunk count that claims more chunks than the input holds.
        byte[] truncated = SrvCopychunkCopy.Build(key, [new SrvCopychunk(0, 0, 1), new SrvCopychunk(0, 0, 1)])[..40];
        Assert.Equal(NtStatus.InvalidParameter, Fsctl(f, dst, FsctlCode.SrvCopychunkWrite, truncated, out output));
        Assert.Equal(limits, SrvCopychunkResponse.Read(output));
        // Output too small for the response: no data.
        Assert.Equal(NtStatus.InvalidParameter, Fsctl(f, dst, FsctlCode.SrvCopychunkWrite,
            SrvCopychunkCopy.Build(key, [new SrvCopychunk(0, 0, 1)]), out output, maxOutput: 11));
        Assert.Empty(output);
        f.Close(src);
        f.Close(dst);
    }

    [Fact]
    public void CopyChunkChecksKeyAccessAndSourceSize()
    {
        using var f = new BackendFixture();
        f.WriteFile("src.txt", "0123456789");
        NtvfsHandle src = f.Open("src.txt", (uint)AccessMask.FileGenericRead, Smb2CreateDisposition.Open);
        NtvfsHandle writeOnly = f.Open("dst.txt", (uint)AccessMask.FileWriteData);
        NtvfsHandle dst = f.Open("dst.txt");
        ResumeKey key = KeyOf(f, src);
        byte[] one = SrvCopychunkCopy.Build(key, [new SrvCopychunk(0, 0, 10)]);

        Assert.Equal(NtStatus.ObjectNameNotFound, Fsctl(f, dst, FsctlCode.SrvCopychunk,
            SrvCopychunkCopy.Build(ResumeKey.NewRandom(), [new SrvCopychunk(0, 0, 1)]), out _));
        // FSCTL_SRV_COPYCHUNK needs read access on the target; the _WRITE form does not.
        Assert.Equal(NtStatus.AccessDenied, Fsctl(f, writeOnly, FsctlCode.SrvCopychunk, one, out _));
        Assert.Equal(NtStatus.Success, Fsctl(f, writeOnly, FsctlCode.SrvCopychunkWrite, one, out _));
        // Past the source's end of file.
        Assert.Equal(NtStatus.InvalidViewSize, Fsctl(f, dst, FsctlCode.SrvCopychunk,
            SrvCopychunkCopy.Build(key, [new SrvCopychunk(0, 0, 5), new SrvCopychunk(8, 5, 5)]), out byte[] output));
        Assert.Equal(new SrvCopychunkResponse(1, 0, 5), SrvCopychunkResponse.Read(output));
        f.Close(src);
        // The key dies with its open.
        Assert.Equal(NtStatus.ObjectNameNotFound, Fsctl(f, dst, FsctlCode.SrvCopychunk, one, out _));
        f.Close(writeOnly);
        f.Close(dst);
        Assert.Equal("01234", File.ReadAllText(f.Local("dst.txt"))[..5]);
    }
}
