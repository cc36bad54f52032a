using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Fixtures;

namespace SmbServer.IntegrationTests.Files;

/// <summary>
/// Names beyond ASCII (accents, CJK, an emoji outside the BMP, i.e. a UTF-16 surrogate pair) as
/// file and directory names: put, ls and get round trips, stored on disk as the same UTF-8 names.
/// </summary>
public sealed class UnicodeNameTests(FileServingServerFixture fixture) : FileTestBase(fixture.Server), IClassFixture<FileServingServerFixture>
{
    public static readonly TheoryData<string, string, string> Names = new()
    {
        { "user", "accent", "café" },
        { "user", "cjk", "日本語" },
        { "user", "emoji", "😀 smile" },
        { "guest", "accent", "café" },
        { "guest", "cjk", "日本語" },
        { "guest", "emoji", "😀 smile" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void NameSurvivesPutListAndGet(string who, string kind, string name)
    {
        var dir = $"unicode-{who}-{kind}";
        var file = $"{name}.txt";
        var inner = $"{name} inner.txt";
        File.WriteAllBytes(LocalPath(file), LocalTree.Bytes(3000, 21));
        File.WriteAllBytes(LocalPath(inner), LocalTree.Bytes(5000, 22));

        var put = Run(who, $"mkdir {dir}; cd {dir}; put \"{file}\"; mkdir \"{name}\"; cd \"{name}\"; put \"{inner}\"");
        AssertClean(put);
        // The server stores the names as they are (UTF-8 on disk), not mangled or replaced.
        Assert.True(File.Exists(OnServerAs(who, dir, file)), Context(put));
        Assert.True(File.Exists(OnServerAs(who, dir, name, inner)), Context(put));

        var ls = Run(who, $"cd {dir}; ls; cd \"{name}\"; ls");
        AssertClean(ls);
        var listed = DirectoryListing.Parse(ls.Stdout).Select(e => e.Name).ToList();
        Assert.Contains(file, listed);
        Assert.Contains(name, listed);
        Assert.Contains(inner, listed);
        Assert.True(DirectoryListing.Parse(ls.Stdout).Single(e => e.Name == name).IsDirectory, Context(ls));

        var back = LocalPath("back");
        Directory.CreateDirectory(back);
        var get = Run(who, $"cd {dir}; get \"{file}\"; cd \"{name}\"; get \"{inner}\"", back);
        AssertClean(get);
        Assert.Equal(File.ReadAllBytes(LocalPath(file)), File.ReadAllBytes(Path.Combine(back, file)));
        Assert.Equal(File.ReadAllBytes(LocalPath(inner)), File.ReadAllBytes(Path.Combine(back, inner)));

        // A mask matches a name by its characters, whatever their encoding length.
        var first = name[..(char.IsHighSurrogate(name[0]) ? 2 : 1)];
        var masked = Run(who, $"cd {dir}; dir \"{first}*\"");
        AssertClean(masked);
        Assert.Equal(new[] { file, name }.Order(StringComparer.Ordinal), DirectoryListing.Names(masked.Stdout));
    }
}
