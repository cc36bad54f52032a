using System.Text;
using Protocol;
using Protocol.Security;
using Protocol.Smb2;
using TEvent;

namespace Ntvfs.Tests.PosixBackend;

public class ReadWriteTests
{
    [Fact]
    public void WriteThenReadBack()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("rw.txt");
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "hello world", out int written));
        Assert.Equal(11, written);
        Assert.Equal(NtStatus.Success, f.Write(h, 6, "WORLD", out _));
        Assert.Equal(NtStatus.Success, f.Read(h, 0, 100, out byte[] data));
        Assert.Equal("hello WORLD", Encoding.UTF8.GetString(data));
        Assert.Equal(NtStatus.Success, f.Read(h, 6, 3, out data));
        Assert.Equal("WOR", Encoding.UTF8.GetString(data));
        f.Close(h);
        Assert.Equal("hello WORLD", File.ReadAllText(f.Local("rw.txt")));
    }

    [Fact]
    public void ReadAtOrPastEndOfFile()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("eof.txt");
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "abc", out _));
        Assert.Equal(NtStatus.EndOfFile, f.Read(h, 3, 10, out _));
        Assert.Equal(NtStatus.EndOfFile, f.Read(h, 1000, 10, out _));
        // MinimumCount: fewer bytes than asked for is END_OF_FILE.
        Assert.Equal(NtStatus.EndOfFile, f.Read(h, 0, 10, out _, minimum: 5));
        Assert.Equal(NtStatus.Success, f.Read(h, 0, 10, out byte[] data, minimum: 3));
        Assert.Equal(3, data.Length);
        f.Close(h);
    }

    [Fact]
    public void WriteAtAGapExtendsWithZeros()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("gap.bin");
        Assert.Equal(NtStatus.Success, f.Write(h, 4096, [1, 2, 3], out _));
        Assert.Equal(NtStatus.Success, f.Read(h, 4094, 5, out byte[] data));
        Assert.Equal(new byte[] { 0, 0, 1, 2, 3 }, data);
        f.Close(h);
    }

    [Fact]
    public void AppendOnlyOpenWritesAtTheEnd()
    {
        using var f = new BackendFixture();
        f.WriteFile("log.txt", "one;");
        NtvfsHandle h = f.Open("log.txt", (uint)(AccessMask.FileAppendData | AccessMask.FileReadData),
            Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "two;", out _));
        Assert.Equal(NtStatus.Success, f.Write(h, -1, "three;", out _));
        f.Close(h);
        Assert.Equal("one;two;three;", File.ReadAllText(f.Local("log.txt")));
    }

    [Fact]
    public void ConcurrentAppendsFromTwoOpensNeverOverlap()
    {
        // Many appends in flight at once from two opens, so several thread jobs run together: each
        // reads the end of file and writes there under the file's write gate, or two would write
        // at the same end and one record would be lost.
        using var f = new BackendFixture();
        f.WriteFile("shared.log", "");
        uint access = (uint)(AccessMask.FileAppendData | AccessMask.FileReadData);
        NtvfsHandle a = f.Open("shared.log", access, Smb2CreateDisposition.Open);
        NtvfsHandle b = f.Open("shared.log", access, Smb2CreateDisposition.Open);
        const int PerOpen = 40, RecordLength = 4096;
        var pending = new List<TeventReq>();
        for (int i = 0; i < PerOpen; i++)
            foreach (var (h, tag) in new[] { (a, (byte)'a'), (b, (byte)'b') })
            {
                byte[] record = new byte[RecordLength];
                Array.Fill(record, tag);
                record[0] = (byte)i;
                pending.Add(f.Backend.WriteSend(f.Request, h, new NtvfsWriteArgs(-1, record, false)));
            }
        foreach (TeventReq req in pending)
            Assert.Equal(NtStatus.Success, f.Run(req, out NtvfsWriteResult _));
        f.Close(a);
        f.Close(b);

        byte[] content = File.ReadAllBytes(f.Local("shared.log"));
        Assert.Equal(2 * PerOpen * RecordLength, content.Length);
        var seen = new HashSet<(byte, byte)>();
        for (int offset = 0; offset < content.Length; offset += RecordLength)
        {
            byte tag = content[offset + 1];
            Assert.True(content.AsSpan(offset + 1, RecordLength - 1).IndexOfAnyExcept(tag) < 0, $"record at {offset} is torn");
            Assert.True(seen.Add((tag, content[offset])), $"record {content[offset]} of '{(char)tag}' twice");
        }
    }

    [Fact]
    public void AccessIsCheckedOnEveryOperation()
    {
        using var f = new BackendFixture();
        f.WriteFile("a.txt", "data");
        NtvfsHandle readOnly = f.Open("a.txt", (uint)AccessMask.FileReadData, Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.AccessDenied, f.Write(readOnly, 0, "x", out _));
        Assert.Equal(NtStatus.AccessDenied, f.Run<bool>(f.Backend.FlushSend(f.Request, readOnly), out _));
        NtvfsHandle attributesOnly = f.Open("a.txt", (uint)AccessMask.FileReadAttributes, Smb2CreateDisposition.Open);
        Assert.Equal(NtStatus.AccessDenied, f.Read(attributesOnly, 0, 1, out _));
        f.Close(readOnly);
        f.Close(attributesOnly);
    }

    [Fact]
    public void DirectoriesCannotBeReadOrWritten()
    {
        using var f = new BackendFixture();
        NtvfsHandle d = f.OpenDirectory("dir");
        Assert.Equal(NtStatus.InvalidDeviceRequest, f.Read(d, 0, 10, out _));
        Assert.Equal(NtStatus.InvalidDeviceRequest, f.Write(d, 0, "x", out _));
        f.Close(d);
    }

    [Fact]
    public void FlushSucceedsOnAWritableHandle()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("f.txt");
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "x", out _));
        Assert.Equal(NtStatus.Success, f.Run<bool>(f.Backend.FlushSend(f.Request, h), out _));
        f.Close(h);
    }

    [Fact]
    public void LargeWriteAndReadRoundTrip()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("big.bin");
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(5).NextBytes(data);
        Assert.Equal(NtStatus.Success, f.Write(h, 0, data, out int written));
        Assert.Equal(data.Length, written);
        Assert.Equal(NtStatus.Success, f.Read(h, 0, data.Length, out byte[] back));
        Assert.Equal(data, back);
        f.Close(h);
    }

    [Fact]
    public void ReadFillsTheCallersBufferAndNothingAroundIt()
    {
        using var f = new BackendFixture();
        NtvfsHandle h = f.Open("into.txt");
        Assert.Equal(NtStatus.Success, f.Write(h, 0, "0123456789", out _));
        var buffer = new byte[40];
        buffer.AsSpan().Fill(0xEE);
        // A slice in the middle of a larger buffer, longer than what is left in the file.
        NtStatus status = f.Run(f.Backend.ReadSend(f.Request, h, new NtvfsReadArgs(4, buffer.AsMemory(13, 20), 0)),
            out NtvfsReadResult result);
        Assert.Equal(NtStatus.Success, status);
        Assert.Equal(6, result.Count);
        Assert.Equal("456789", Encoding.UTF8.GetString(buffer, 13, 6));
        Assert.All(buffer.AsSpan(0, 13).ToArray(), b => Assert.Equal(0xEE, b));
        Assert.All(buffer.AsSpan(19).ToArray(), b => Assert.Equal(0xEE, b));
        f.Close(h);
    }
}
