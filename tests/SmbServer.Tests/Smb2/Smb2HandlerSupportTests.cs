using Ntvfs;
using Protocol;
using Protocol.Smb2;
using SmbServer.Smb2;
using TEvent;

namespace SmbServer.Tests.Smb2;

public class Smb2HandlerSupportTests
{
    [Theory]
    // MS-SMB2 3.3.5.2.5 / 3.1.5.2 with multi-credit: charge >= ceil(payload / 64 KiB), 0 counting as 1.
    [InlineData(true, 1, 65536, true)]
    [InlineData(true, 1, 65537, false)]
    [InlineData(true, 2, 65537, true)]
    [InlineData(true, 0, 65536, true)]
    [InlineData(true, 0, 65537, false)]
    [InlineData(true, 0, 0, true)]
    [InlineData(true, 128, 8 * 1024 * 1024, true)]
    [InlineData(true, 127, 8 * 1024 * 1024, false)]
    // Without multi-credit (2.0.2) no payload may exceed 64 KiB, whatever the charge says.
    [InlineData(false, 0, 65536, true)]
    [InlineData(false, 4, 65537, false)]
    public void CreditChargeCoversThePayload(bool multiCredit, ushort charge, long payload, bool ok)
    {
        var status = Smb2HandlerSupport.CheckCreditCharge(multiCredit, charge, payload);
        Assert.Equal(ok ? NtStatus.Success : NtStatus.InvalidParameter, status);
    }

    [Fact]
    public void CreditChargeOfLargestIoctlPayloadDoesNotOverflow()
    {
        long payload = (long)uint.MaxValue + uint.MaxValue;
        Assert.Equal(NtStatus.InvalidParameter, Smb2HandlerSupport.CheckCreditCharge(true, ushort.MaxValue, payload));
    }

    [Fact]
    public void DecodeUtf16KeepsUnpairedSurrogatesAndDropsAnOddByte()
    {
        byte[] bytes = [(byte)'a', 0, 0x00, 0xD8, (byte)'b', 0, 0x7F];
        var name = Smb2HandlerSupport.DecodeUtf16(bytes);
        Assert.Equal(3, name.Length);
        Assert.Equal('a', name[0]);
        Assert.Equal('\uD800', name[1]);
        Assert.Equal('b', name[2]);
        Assert.Equal("", Smb2HandlerSupport.DecodeUtf16([]));
    }

    [Fact]
    public void DataOfClampsToTheBufferAndToleratesNone()
    {
        Assert.Equal(2, Smb2HandlerSupport.DataOf(new NtvfsInfoResult([1, 2, 3], 2)).Length);
        Assert.Equal(3, Smb2HandlerSupport.DataOf(new NtvfsInfoResult([1, 2, 3], 99)).Length);
        Assert.Equal(0, Smb2HandlerSupport.DataOf(new NtvfsInfoResult(null!, 5)).Length);
    }

    [Fact]
    public void AbandonCollectsAResultThatArrivesLater()
    {
        var ev = new EventContext();
        var req = NtvfsOp.Create<int>(ev, out _);
        NtStatus? seen = null;
        int value = 0;
        Smb2HandlerSupport.Abandon<int>(req, (status, result) => { seen = status; value = result; });
        Assert.Null(seen);
        NtvfsOp.Complete(req, NtStatus.Success, 42);
        ev.LoopUntil(() => seen != null);
        Assert.Equal(NtStatus.Success, seen);
        Assert.Equal(42, value);
    }

    [Fact]
    public void AbandonCollectsAResultAlreadyThere()
    {
        var ev = new EventContext();
        var req = NtvfsOp.Post(ev, NtStatus.AccessDenied, 7);
        NtStatus? seen = null;
        Smb2HandlerSupport.Abandon<int>(req, (status, _) => seen = status);
        Assert.Equal(NtStatus.AccessDenied, seen);
        ev.LoopOnce(TimeSpan.Zero); // the posted callback finds a received request and does nothing
    }

    [Fact]
    public void FindOpenResolvesThePreviousFileIdOfARelatedRequest()
    {
        using var h = new Smb2TestHarness();
        var fileId = h.AddOpen();
        var r = h.Request(Smb2Command.Flush, (m, o) => new Smb2FlushRequest(Smb2FileId.UsePrevious).Write(m, o),
            related: true, previousFileId: fileId);
        Assert.Equal(NtStatus.Success, Smb2HandlerSupport.FindOpen(r, Smb2FileId.UsePrevious, out var open));
        Assert.Equal(fileId.Volatile, open.VolatileId);
        Assert.Equal(fileId, r.FileIdForNext);

        var unrelated = h.Request(Smb2Command.Flush, (m, o) => new Smb2FlushRequest(Smb2FileId.UsePrevious).Write(m, o));
        Assert.Equal(NtStatus.FileClosed, Smb2HandlerSupport.FindOpen(unrelated, Smb2FileId.UsePrevious, out _));
        Assert.Equal(NtStatus.FileClosed, Smb2HandlerSupport.FindOpen(unrelated, new Smb2FileId(fileId.Persistent + 1, fileId.Volatile), out _));
    }

    [Fact]
    public void RegisterAddsEveryFileCommandNeedingSessionAndTree()
    {
        var entries = new Smb2Dispatcher.Entry?[(int)Smb2Command.OplockBreak + 1];
        Smb2FileCommands.Register(entries);
        Smb2Command[] commands = [Smb2Command.Create, Smb2Command.Close, Smb2Command.Flush, Smb2Command.Read,
            Smb2Command.Write, Smb2Command.Lock, Smb2Command.Ioctl, Smb2Command.QueryDirectory,
            Smb2Command.ChangeNotify, Smb2Command.QueryInfo, Smb2Command.SetInfo, Smb2Command.OplockBreak];
        foreach (var command in commands)
        {
            var entry = entries[(int)command];
            Assert.NotNull(entry);
            Assert.True(entry!.Value.NeedsSession);
            Assert.True(entry.Value.NeedsTree);
        }
        Assert.Null(entries[(int)Smb2Command.Negotiate]);
        Assert.Null(entries[(int)Smb2Command.Cancel]);
    }
}
