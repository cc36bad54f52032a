using Ntvfs.Ipc;
using Protocol.Dcerpc;

namespace Ntvfs.Tests.Ipc;

public class IpcPipeNameTests
{
    [Theory]
    [InlineData("srvsvc", "srvsvc")]
    [InlineData("SRVSVC", "SRVSVC")]
    [InlineData(@"\srvsvc", "srvsvc")]
    [InlineData(@"\PIPE\srvsvc", "srvsvc")]
    [InlineData(@"\pipe\SrvSvc", "SrvSvc")]
    [InlineData("wkssvc", "wkssvc")]
    [InlineData("lsarpc", "lsarpc")]
    public void AcceptedFormsReduceToTheBareName(string requested, string expected)
    {
        Assert.True(IpcPipeName.TryNormalize(requested, out string name));
        Assert.Equal(expected, name);
    }

    // CVE-2017-7494 / CVE-2023-3961: nothing path-like gets through, whatever prefix it hides behind.
    [Theory]
    [InlineData("")]
    [InlineData(@"\")]
    [InlineData(@"\PIPE\")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData(@"\..")]
    [InlineData(@"\PIPE\..")]
    [InlineData("../srvsvc")]
    [InlineData(@"..\srvsvc")]
    [InlineData(@"\PIPE\..\srvsvc")]
    [InlineData("srvsvc/..")]
    [InlineData("/srvsvc")]
    [InlineData("a/b")]
    [InlineData(@"\\srvsvc")]
    [InlineData(@"PIPE\srvsvc")]
    [InlineData(@"\PIPE\PIPE\srvsvc")]
    [InlineData("srvsvc:stream")]
    [InlineData("srvsvc\0")]
    [InlineData("../../../../var/run/samba/np/srvsvc")]
    public void PathLikeNamesAreRefused(string requested)
    {
        Assert.False(IpcPipeName.TryNormalize(requested, out _));
    }

    [Fact]
    public void OverlongNameIsRefused()
    {
        Assert.True(IpcPipeName.TryNormalize(new string('a', IpcPipeName.MaxLength), out _));
        Assert.False(IpcPipeName.TryNormalize(new string('a', IpcPipeName.MaxLength + 1), out _));
    }

    [Fact]
    public void RegistryResolvesCaseInsensitivelyToTheRegisteredSpelling()
    {
        var sources = new IpcTestSources();
        var registry = IpcPipeRegistry.CreateDefault(sources, sources);
        Assert.Equal(["srvsvc", "wkssvc"], registry.Names.Order());

        Assert.True(registry.TryResolve(@"\PIPE\SRVSVC", out string name, out var interfaces));
        Assert.Equal("srvsvc", name);
        Assert.Equal("srvsvc", Assert.Single(interfaces()).Name);
        Assert.True(registry.TryResolve("WksSvc", out name, out interfaces));
        Assert.Equal("wkssvc", name);
        Assert.Equal("wkssvc", Assert.Single(interfaces()).Name);

        Assert.False(registry.TryResolve("lsarpc", out _, out _));
        Assert.False(registry.TryResolve("../srvsvc", out _, out _));
    }

    [Theory]
    [InlineData(@"\PIPE\x")]
    [InlineData("a/b")]
    [InlineData("")]
    public void RegistryTakesOnlyBareNames(string name)
    {
        var registry = new IpcPipeRegistry();
        Assert.Throws<ArgumentException>(() => registry.Add(name, () => Array.Empty<IDcerpcInterface>()));
    }

    [Fact]
    public void RegistryRefusesADuplicateInAnyCase()
    {
        var registry = new IpcPipeRegistry().Add("echo", () => Array.Empty<IDcerpcInterface>());
        Assert.Throws<ArgumentException>(() => registry.Add("ECHO", () => Array.Empty<IDcerpcInterface>()));
    }
}
