using Protocol.Fscc;

namespace Protocol.Tests.Fscc;

public class FileNotifyInformationWriterTests
{
    [Fact]
    public void Entries_AreFourByteAligned_AndChained()
    {
        var buffer = new byte[128];
        Array.Fill(buffer, (byte)0xCC);
        var w = new FileNotifyInformationWriter(buffer.AsSpan(4, 100));
        Assert.True(w.TryAdd(FileAction.RenamedOldName, "a"));      // 12 + 2 = 14 -> next at 16
        Assert.True(w.TryAdd(FileAction.RenamedNewName, @"d\bc"));  // 12 + 8 = 20 at 16 -> ends at 36
        Assert.Equal(2, w.Count);
        Assert.Equal(36, w.BytesWritten);

        Span<byte> o = buffer.AsSpan(4);
        Assert.Equal(16u, Le.U32(o, 0));
        Assert.Equal(4u, Le.U32(o, 4));
        Assert.Equal(2u, Le.U32(o, 8));
        Assert.Equal("a", Le.Utf16(o, 12, 2));
        Assert.Equal(0, o[14]);
        Assert.Equal(0, o[15]);
        Assert.Equal(0u, Le.U32(o, 16));
        Assert.Equal(5u, Le.U32(o, 20));
        Assert.Equal(8u, Le.U32(o, 24));
        Assert.Equal(@"d\bc", Le.Utf16(o, 28, 8));
        Assert.Equal(0xCC, buffer[3]);
        Assert.Equal(0xCC, buffer[4 + 36]);
    }

    [Fact]
    public void EntryThatDoesNotFit_IsRefused()
    {
        var o = new byte[16 + 13];
        var w = new FileNotifyInformationWriter(o);
        Assert.True(w.TryAdd(FileAction.Added, "a"));
        Assert.False(w.TryAdd(FileAction.Removed, "b"));
        Assert.Equal(1, w.Count);
        Assert.Equal(14, w.BytesWritten);
        Assert.Equal(0u, Le.U32(o, 0));
        Assert.False(new FileNotifyInformationWriter(new byte[13]).TryAdd(FileAction.Modified, "a"));
    }
}
