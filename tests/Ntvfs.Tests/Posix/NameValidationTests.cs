using Ntvfs.Posix;
using Protocol;

namespace Ntvfs.Tests.Posix;

public class NameValidationTests
{
    [Theory]
    [InlineData("file.txt")]
    [InlineData("with space")]
    [InlineData("trailing dot.")]
    [InlineData("trailing space ")]
    [InlineData(".hidden")]
    [InlineData("日本語のファイル名")]
    [InlineData("\U0001F600 emoji")]
    [InlineData("aux.c")] // existing names that happen to be device names stay reachable
    public void AcceptsValidNames(string name)
        => Assert.Equal(NtStatus.Success, NameValidation.ValidateComponent(name));

    [Theory]
    [InlineData("")]
    [InlineData("a<b")]
    [InlineData("a>b")]
    [InlineData("a:b")]
    [InlineData("a\"b")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a|b")]
    [InlineData("a?b")]
    [InlineData("a*b")]
    [InlineData("a\u0000b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u001Fb")]
    public void RejectsInvalidNames(string name)
        => Assert.Equal(NtStatus.ObjectNameInvalid, NameValidation.ValidateComponent(name));

    // Built in code: xunit's test-case serialisation would turn a lone surrogate into U+FFFD.
    [Fact]
    public void RejectsUnpairedSurrogates()
    {
        string[] names =
        [
            "lone" + '\uD83D',          // high surrogate at the end
            "lone" + '\uD83D' + "x",    // high surrogate not followed by a low one
            '\uDE00' + "lone",          // low surrogate alone
            "ab" + '\uDE00' + '\uD83D', // reversed pair
        ];
        foreach (string name in names)
            Assert.Equal(NtStatus.ObjectNameInvalid, NameValidation.ValidateComponent(name));
        Assert.Equal(NtStatus.Success, NameValidation.ValidateComponent("ok" + '\uD83D' + '\uDE00'));
    }

    [Fact]
    public void LengthLimitsAreCharactersAndUtf8Bytes()
    {
        Assert.Equal(NtStatus.Success, NameValidation.ValidateComponent(new string('a', 255)));
        Assert.Equal(NtStatus.ObjectNameInvalid, NameValidation.ValidateComponent(new string('a', 256)));
        // 85 CJK characters = 255 UTF-8 bytes; 86 = 258 bytes, too long for Linux though only 86 characters.
        Assert.Equal(NtStatus.Success, NameValidation.ValidateComponent(new string('日', 85)));
        Assert.Equal(NtStatus.ObjectNameInvalid, NameValidation.ValidateComponent(new string('日', 86)));
        // 63 emoji = 252 bytes (126 UTF-16 units); 64 emoji = 256 bytes.
        string emoji = "\U0001F600";
        Assert.Equal(NtStatus.Success, NameValidation.ValidateComponent(string.Concat(Enumerable.Repeat(emoji, 63))));
        Assert.Equal(NtStatus.ObjectNameInvalid, NameValidation.ValidateComponent(string.Concat(Enumerable.Repeat(emoji, 64))));
    }

    [Theory]
    [InlineData("CON", true)]
    [InlineData("con", true)]
    [InlineData("Prn.txt", true)]
    [InlineData("AUX", true)]
    [InlineData("nul.tar.gz", true)]
    [InlineData("COM1", true)]
    [InlineData("com9.log", true)]
    [InlineData("LPT5", true)]
    [InlineData("lpt\u00B9", true)]
    [InlineData("CON .txt", true)]
    [InlineData("COM0", false)]
    [InlineData("COM10", false)]
    [InlineData("CONSOLE", false)]
    [InlineData("xcon", false)]
    [InlineData("con_", false)]
    [InlineData("LPT", false)]
    public void ReservedDeviceNames(string name, bool reserved)
    {
        Assert.Equal(reserved, NameValidation.IsReservedDeviceName(name));
        Assert.Equal(reserved ? NtStatus.ObjectNameInvalid : NtStatus.Success, NameValidation.ValidateNewName(name));
    }

    [Fact]
    public void NewNamesCannotBeDots()
    {
        Assert.Equal(NtStatus.ObjectNameInvalid, NameValidation.ValidateNewName("."));
        Assert.Equal(NtStatus.ObjectNameInvalid, NameValidation.ValidateNewName(".."));
    }

    [Theory]
    [InlineData(".bashrc", true)]
    [InlineData(".a", true)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("visible", false)]
    [InlineData("a.b", false)]
    public void DotFiles(string name, bool hidden) => Assert.Equal(hidden, NameValidation.IsDotFile(name));
}
