using Protocol;
using Protocol.Smb2;

namespace SmbServer.Tests.Server;

/// <summary>
/// Compounded requests against the live server and the posix backend (MS-SMB2 3.3.5.2.7): what a
/// related request inherits from the one before it, and which failures carry over.
/// </summary>
public class CompoundTests : IDisposable
{
    private const uint ReadData = 0x0001, WriteData = 0x0002, Delete = 0x00010000, ReadAttributes = 0x0080, Synchronize = 0x00100000;
    private const uint AllAccess = 0x001F01FF;

    private readonly TestServer _server = new();

    public CompoundTests() => LiveSession.AddUser(_server);

    public void Dispose() => _server.Dispose();

    private string SharePath(string name) => Path.Combine(_server.Dir, "share", name);

    [Fact]
    public void RelatedReadAfterADeniedWriteStillWorks()
    {
        File.WriteAllBytes(SharePath("r6.dat"), new byte[64]);
        using var s = LiveSession.Open(_server);
        var use = Smb2FileId.UsePrevious;
        var responses = s.SendCompound(related: true,
            s.Create("r6.dat", ReadData, Smb2CreateDisposition.Open),
            s.Read(use, 1),
            s.Write(use, new byte[64]),
            s.Read(use, 1),
            s.Close(use));
        Assert.Equal([NtStatus.Success, NtStatus.Success, NtStatus.AccessDenied, NtStatus.Success, NtStatus.Success],
            responses.Select(RawSmbClient.StatusOf));
    }

    [Fact]
    public void AFailedCreateFailsEveryRelatedRequestAfterItWithItsStatus()
    {
        using var s = LiveSession.Open(_server);
        var use = Smb2FileId.UsePrevious;
        var responses = s.SendCompound(related: true,
            s.Create("no-such-file", ReadData, Smb2CreateDisposition.Open),
            s.QueryInfo(use, 4),
            s.Close(use));
        Assert.All(responses, r => Assert.Equal(NtStatus.ObjectNameNotFound, RawSmbClient.StatusOf(r)));
    }

    [Fact]
    public void ARelatedCreateAfterAFailedCreateRuns()
    {
        File.WriteAllBytes(SharePath("exists.dat"), [1]);
        using var s = LiveSession.Open(_server);
        var responses = s.SendCompound(related: true,
            s.Create("no-such-file", ReadData, Smb2CreateDisposition.Open),
            s.Create("exists.dat", ReadData, Smb2CreateDisposition.Open),
            s.Close(Smb2FileId.UsePrevious));
        Assert.Equal([NtStatus.ObjectNameNotFound, NtStatus.Success, NtStatus.Success], responses.Select(RawSmbClient.StatusOf));
    }

    [Fact]
    public void ABogusRelatedCommandAfterAFailedReadIsInvalidParameter()
    {
        File.WriteAllBytes(SharePath("empty.dat"), []);
        using var s = LiveSession.Open(_server);
        var open = s.Send(s.Create("empty.dat", AllAccess, Smb2CreateDisposition.Open));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(open));
        var fileId = LiveSession.FileIdOf(open);
        var bogus = s.Build((Smb2Command)0xFF, m => 4);
        var responses = s.SendCompound(related: true, s.Read(fileId, 1), bogus);
        Assert.Equal([NtStatus.EndOfFile, NtStatus.InvalidParameter], responses.Select(RawSmbClient.StatusOf));
    }

    [Fact]
    public void TheFirstRelatedRequestAndThoseAfterItAreInvalidParameter()
    {
        using var s = LiveSession.Open(_server);
        var use = Smb2FileId.UsePrevious;
        var first = s.Create("x.dat", AllAccess, Smb2CreateDisposition.OpenIf);
        Smb2Header.AddFlags(first, Smb2HeaderFlags.RelatedOperations);
        var responses = s.SendCompound(related: true, first, s.Close(use));
        Assert.All(responses, r => Assert.Equal(NtStatus.InvalidParameter, RawSmbClient.StatusOf(r)));
        Assert.False(File.Exists(SharePath("x.dat")));
    }

    [Fact]
    public void ARelatedRequestAfterOneThatFoundNoSessionIsInvalidParameter()
    {
        // smbtorture smb2.compound.invalid2; MS-SMB2 3.3.5.2.7.2: "if the previous operation failed
        // to create SessionId or TreeId", the related operations that need one fail INVALID_PARAMETER.
        using var s = LiveSession.Open(_server);
        var use = Smb2FileId.UsePrevious;
        byte[] WithSession(byte[] m, ulong sessionId)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(Smb2Header.SessionIdOffset), sessionId);
            return m;
        }
        byte[] Related(byte[] m)
        {
            Smb2Header.AddFlags(m, Smb2HeaderFlags.RelatedOperations);
            return m;
        }
        var responses = s.SendCompound(related: false,
            s.Create("inv2.dat", AllAccess, Smb2CreateDisposition.OpenIf),
            Related(s.Close(use)),
            WithSession(s.Close(use), ulong.MaxValue),
            Related(WithSession(s.Close(use), ulong.MaxValue)),
            Related(s.Close(use)));
        Assert.Equal([NtStatus.Success, NtStatus.Success, NtStatus.UserSessionDeleted, NtStatus.InvalidParameter, NtStatus.InvalidParameter],
            responses.Select(RawSmbClient.StatusOf));
    }

    [Fact]
    public void TreeDisconnectAnswersOnlyWhenDeleteOnCloseIsDone()
    {
        using var s = LiveSession.Open(_server);
        var created = s.Send(s.Create("doomed.dat", Delete | ReadAttributes | Synchronize, Smb2CreateDisposition.Create,
            Smb2CreateOptions.DeleteOnClose));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(created));
        Assert.True(File.Exists(SharePath("doomed.dat")));
        Assert.Equal(NtStatus.Success, RawSmbClient.StatusOf(s.Send(s.TreeDisconnect())));
        Assert.False(File.Exists(SharePath("doomed.dat")));
    }
}
