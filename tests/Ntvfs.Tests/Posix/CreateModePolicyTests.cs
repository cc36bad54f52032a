using Ntvfs.Posix;
using Ntvfs.Posix.Native;
using Protocol;

namespace Ntvfs.Tests.Posix;

public sealed class CreateModePolicyTests : IDisposable
{
    private readonly TestTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static uint Octal(string s)
    {
        Assert.True(CreateModePolicy.TryParseOctal(s, out uint mode));
        return mode;
    }

    [Fact]
    public void SambaDefaults()
    {
        var policy = new CreateModePolicy();
        Assert.Equal(Octal("0644"), policy.FileMode());
        Assert.Equal(Octal("0755"), policy.DirectoryMode());
    }

    [Fact]
    public void MaskThenForce()
    {
        var policy = new CreateModePolicy
        {
            CreateMask = Octal("0770"),
            ForceCreateMode = Octal("0060"),
            DirectoryMask = Octal("0700"),
            ForceDirectoryMode = Octal("2070"),
        };
        Assert.Equal(Octal("0660"), policy.FileMode());             // 0666 & 0770 = 0660, | 0060
        Assert.Equal(Octal("0460"), policy.FileMode(Octal("0444")));            // 0444 & 0770 = 0440, | 0060
        Assert.Equal(Octal("2770"), policy.DirectoryMode());       // setgid forced on directories
    }

    [Theory]
    [InlineData("0744", true)]
    [InlineData("744", true)]
    [InlineData(" 0755 ", true)]
    [InlineData("7777", true)]
    [InlineData("0800", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    [InlineData("17777", false)]
    public void ParsesOctal(string text, bool valid) => Assert.Equal(valid, CreateModePolicy.TryParseOctal(text, out _));

    [Fact]
    public void ApplyExactOverridesTheUmask()
    {
        _tree.File_("f.txt");
        using SafeFileDescriptor fd = Libc.openat(SafeFileDescriptor.CurrentDirectory, _tree.InShare("f.txt"),
            Libc.O_PATH | Libc.O_CLOEXEC, 0);
        Assert.Equal(NtStatus.Success, FileStatus.Get(fd, out FileStatus st));
        uint wanted = Octal("0660");
        Assert.Equal(NtStatus.Success, CreateModePolicy.ApplyExact(fd, st, wanted));
        Assert.Equal(NtStatus.Success, FileStatus.Get(fd, out st));
        Assert.Equal(wanted, st.Permissions);
    }
}
