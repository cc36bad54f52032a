using Protocol.Fscc;

namespace Protocol.Tests.Fscc;

public class FileSystemInformationTests
{
    [Fact]
    public void FileFsVolumeInformation_Layout()
    {
        var info = new FileFsVolumeInformation(0x01D0_1234_5678_9ABC, 0xDEADBEEF, "share");
        var buffer = new byte[64];
        Span<byte> o = buffer.AsSpan(3);
        Assert.Equal(NtStatus.Success, info.Write(o, out int written));
        Assert.Equal(18 + 10, written);
        Assert.Equal(0x01D0_1234_5678_9ABCL, Le.I64(o, 0));
        Assert.Equal(0xDEADBEEFu, Le.U32(o, 8));
        Assert.Equal(10u, Le.U32(o, 12));
        Assert.Equal(0, o[16]); // SupportsObjects
        Assert.Equal(0, o[17]);
        Assert.Equal("share", Le.Utf16(o, 18, 10));
    }

    [Fact]
    public void FileFsVolumeInformation_TruncatedLabel_IsBufferOverflow()
    {
        var info = new FileFsVolumeInformation(1, 2, "share");
        var o = new byte[18 + 7];
        Assert.Equal(NtStatus.BufferOverflow, info.Write(o, out int written));
        Assert.Equal(24, written);
        Assert.Equal(10u, Le.U32(o, 12));
        // Under sizeof(FILE_FS_VOLUME_INFORMATION), 24, as Windows checks (smb2.getinfo.qfs_buffercheck).
        Assert.Equal(NtStatus.InfoLengthMismatch, info.Write(new byte[23], out written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void FileFsSizeInformation_Layout()
    {
        var o = new byte[24];
        Assert.Equal(NtStatus.Success, new FileFsSizeInformation(1000, 400, 8, 512).Write(o, out int written));
        Assert.Equal(24, written);
        Assert.Equal(1000L, Le.I64(o, 0));
        Assert.Equal(400L, Le.I64(o, 8));
        Assert.Equal(8u, Le.U32(o, 16));
        Assert.Equal(512u, Le.U32(o, 20));
        Assert.Equal(NtStatus.InfoLengthMismatch, new FileFsSizeInformation(1, 1, 1, 1).Write(new byte[23], out _));
    }

    [Fact]
    public void FileFsFullSizeInformation_Layout()
    {
        var o = new byte[32];
        Assert.Equal(NtStatus.Success, new FileFsFullSizeInformation(1000, 300, 400, 8, 512).Write(o, out int written));
        Assert.Equal(32, written);
        Assert.Equal(1000L, Le.I64(o, 0));
        Assert.Equal(300L, Le.I64(o, 8));
        Assert.Equal(400L, Le.I64(o, 16));
        Assert.Equal(8u, Le.U32(o, 24));
        Assert.Equal(512u, Le.U32(o, 28));
        Assert.Equal(NtStatus.InfoLengthMismatch, new FileFsFullSizeInformation(1, 1, 1, 1, 1).Write(new byte[31], out _));
    }

    [Fact]
    public void FileFsDeviceInformation_Disk()
    {
        var o = new byte[8];
        Assert.Equal(NtStatus.Success, FileFsDeviceInformation.Disk.Write(o, out int written));
        Assert.Equal(8, written);
        Assert.Equal(7u, Le.U32(o, 0));     // FILE_DEVICE_DISK
        Assert.Equal(0x20u, Le.U32(o, 4));  // FILE_DEVICE_IS_MOUNTED
        Assert.Equal(NtStatus.InfoLengthMismatch, FileFsDeviceInformation.Disk.Write(new byte[7], out _));
    }

    [Fact]
    public void FileFsAttributeInformation_Default()
    {
        var o = new byte[64];
        Assert.Equal(NtStatus.Success, FileFsAttributeInformation.Default.Write(o, out int written));
        Assert.Equal(12 + 8, written);
        // FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK | FILE_PERSISTENT_ACLS
        Assert.Equal(0x0000000Eu, Le.U32(o, 0));
        Assert.Equal(255u, Le.U32(o, 4));
        Assert.Equal(8u, Le.U32(o, 8));
        Assert.Equal("NTFS", Le.Utf16(o, 12, 8));
    }

    [Fact]
    public void FileFsAttributeInformation_TruncatedName_IsBufferOverflow()
    {
        var o = new byte[12 + 4];
        Assert.Equal(NtStatus.BufferOverflow, FileFsAttributeInformation.Default.Write(o, out int written));
        Assert.Equal(16, written);
        Assert.Equal(8u, Le.U32(o, 8));
        Assert.Equal("NT", Le.Utf16(o, 12, 4));
        // Under sizeof(FILE_FS_ATTRIBUTE_INFORMATION), 16, as Windows checks.
        Assert.Equal(NtStatus.InfoLengthMismatch, FileFsAttributeInformation.Default.Write(new byte[15], out _));
    }

    [Fact]
    public void FileFsSectorSizeInformation_Layout()
    {
        var o = new byte[28];
        var info = new FileFsSectorSizeInformation(512, 4096, 4096, 4096, 3, 0, FileFsSectorSizeInformation.SsinfoOffsetUnknown);
        Assert.Equal(NtStatus.Success, info.Write(o, out int written));
        Assert.Equal(28, written);
        Assert.Equal(512u, Le.U32(o, 0));
        Assert.Equal(4096u, Le.U32(o, 4));
        Assert.Equal(4096u, Le.U32(o, 8));
        Assert.Equal(4096u, Le.U32(o, 12));
        Assert.Equal(3u, Le.U32(o, 16));
        Assert.Equal(0u, Le.U32(o, 20));
        Assert.Equal(0xFFFFFFFFu, Le.U32(o, 24));
        Assert.Equal(NtStatus.InfoLengthMismatch, info.Write(new byte[27], out _));
    }

    [Fact]
    public void FileFsObjectIdInformation_Layout()
    {
        var id = new Guid("00112233-4455-6677-8899-aabbccddeeff");
        var o = new byte[64];
        Array.Fill(o, (byte)0xFF);
        Assert.Equal(NtStatus.Success, new FileFsObjectIdInformation(id, new byte[] { 9, 8 }).Write(o, out int written));
        Assert.Equal(64, written);
        // MS-DTYP 2.3.4.2 GUID packet: Data1..Data3 little-endian, Data4 as bytes.
        Assert.Equal(Convert.FromHexString("33221100554477668899AABBCCDDEEFF"), o[0..16]);
        Assert.Equal(9, o[16]);
        Assert.Equal(8, o[17]);
        Assert.All(o[18..64], b => Assert.Equal(0, b));
        Assert.Equal(NtStatus.InfoLengthMismatch, new FileFsObjectIdInformation(id, default).Write(new byte[63], out _));
    }

    [Fact]
    public void FileFsControlInformation_NoQuotas()
    {
        var buffer = new byte[64];
        Span<byte> o = buffer.AsSpan(5);
        Assert.Equal(NtStatus.Success, FileFsControlInformation.NoQuotas.Write(o, out int written));
        Assert.Equal(48, written);
        Assert.Equal(0L, Le.I64(o, 0));
        Assert.Equal(0L, Le.I64(o, 8));
        Assert.Equal(0L, Le.I64(o, 16));
        Assert.Equal(-1L, Le.I64(o, 24));
        Assert.Equal(-1L, Le.I64(o, 32));
        Assert.Equal(8u, Le.U32(o, 40));   // FILE_VC_CONTENT_INDEX_DISABLED
        Assert.Equal(0u, Le.U32(o, 44));
        Assert.Equal(NtStatus.InfoLengthMismatch, FileFsControlInformation.NoQuotas.Write(new byte[47], out written));
        Assert.Equal(0, written);
    }
}
