using System.Buffers.Binary;
using System.Text;
using Protocol;
using Protocol.Fscc;
using Protocol.Security;
using Protocol.Smb2;
using FileAttributes = Protocol.Fscc.FileAttributes;

namespace Ntvfs.Tests.PosixBackend;

/// <summary>Extended attributes kept as "user." extended attributes (EaStore), through SET_INFO, QUERY_INFO and CREATE.</summary>
public class EaTests
{
    private static byte[] List(params (string Name, string Value)[] eas)
    {
        var list = eas.Select(e => new FileFullEaInformation(0, e.Name, Encoding.ASCII.GetBytes(e.Value))).ToList();
        var buffer = new byte[FileFullEaInformation.ListLength(list)];
        FileFullEaInformation.WriteList(list, buffer);
        return buffer;
    }

    private static List<(string, string)> Parse(byte[] data)
    {
        Assert.True(FileFullEaInformation.TryParseList(data, out var eas, out _, out _));
        return eas.Select(e => (e.EaName, Encoding.ASCII.GetString(e.EaValue.Span))).OrderBy(e => e.EaName).ToList();
    }

    private static NtStatus QueryEas(BackendFixture f, NtvfsHandle h, out byte[] data, int outputLength = 4096)
        => f.QueryFile(h, FileInformationClass.FileFullEaInformation, out data, outputLength);

    [Fact]
    public void SetQueryAndDeleteEas()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("f.txt", BackendFixture.All);
        Assert.Equal(NtStatus.NoEasOnFile, QueryEas(f, h, out _));
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileFullEaInformation, List(("first", "1"), ("Second", "two"))));
        Assert.Equal(NtStatus.Success, QueryEas(f, h, out byte[] data));
        Assert.Equal([("FIRST", "1"), ("SECOND", "two")], Parse(data));

        // EaSize is the list's encoded size; our own metadata (DOS attributes) is no EA.
        Assert.Equal(NtStatus.Success, f.QueryFile(h, FileInformationClass.FileEaInformation, out byte[] ea));
        Assert.Equal((uint)data.Length, BinaryPrimitives.ReadUInt32LittleEndian(ea));

        // An empty value deletes (deleting a missing EA is no error); names are case-insensitive.
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileFullEaInformation, List(("first", ""), ("nothere", ""))));
        Assert.Equal(NtStatus.Success, QueryEas(f, h, out data));
        Assert.Equal([("SECOND", "two")], Parse(data));
        f.Close(h);
    }

    [Fact]
    public void TheOutputBufferBoundsWhatIsReturned()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("f.txt", BackendFixture.All);
        Assert.Equal(NtStatus.Success, f.SetFile(h, FileInformationClass.FileFullEaInformation, List(("a", "1234"), ("b", "5678"))));
        Assert.Equal(NtStatus.BufferTooSmall, QueryEas(f, h, out _, outputLength: 8));
        Assert.Equal(NtStatus.BufferOverflow, QueryEas(f, h, out byte[] one, outputLength: 16));
        Assert.Single(Parse(one));
        f.Close(h);
    }

    [Fact]
    public void AccessAndNamesAreChecked()
    {
        using var f = new BackendFixture();
        NtvfsHandle readOnly = f.Open("f.txt", (uint)(AccessMask.FileReadData | AccessMask.FileReadAttributes));
        Assert.Equal(NtStatus.AccessDenied, f.SetFile(readOnly, FileInformationClass.FileFullEaInformation, List(("a", "1"))));
        Assert.Equal(NtStatus.AccessDenied, QueryEas(f, readOnly, out _));
        f.Close(readOnly);

        NtvfsHandle h = f.Open("f.txt", BackendFixture.All);
        // The server's own metadata attribute is not an EA a client can reach.
        Assert.Equal(NtStatus.InvalidEaName, f.SetFile(h, FileInformationClass.FileFullEaInformation, List(("smbserver.dosattrib", "x"))));
        byte[] bad = List(("a", "1"));
        bad[FileFullEaInformation.EaNameOffset] = (byte)'*';
        Assert.Equal(NtStatus.InvalidEaName, f.SetFile(h, FileInformationClass.FileFullEaInformation, bad));
        f.Close(h);
    }

    [Fact]
    public void CreateAppliesItsEaListToTheNewFile()
    {
        using var f = new BackendFixture();
        Assert.True(FileFullEaInformation.TryParseList(List(("made", "at-create")), out var eas, out _, out _));
        NtStatus status = f.Run(f.Backend.CreateSend(f.Request, new NtvfsCreateArgs("new.txt", BackendFixture.All, FileAttributes.Normal,
            BackendFixture.ShareAll, Smb2CreateDisposition.Create, 0, Smb2OplockLevel.None, Eas: eas)), out NtvfsCreateResult created);
        Assert.Equal(NtStatus.Success, status);
        Assert.Equal(NtStatus.Success, QueryEas(f, created.Handle, out byte[] data));
        Assert.Equal([("MADE", "at-create")], Parse(data));
        f.Close(created.Handle);
    }
}
