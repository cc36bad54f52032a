using SmbServer.IntegrationTests.Clients;
using SmbServer.IntegrationTests.Fixtures;

namespace SmbServer.IntegrationTests.Files;

/// <summary>
/// smbclient's file commands against the real server, each as a user on the read-write share and
/// as a guest (no credentials, `map to guest = bad user`) on the `guest ok` share. Each test works
/// in a directory of its own, so the tests of the class do not see each other's files. What the
/// server did is checked on its disk as well as through smbclient.
/// </summary>
public sealed class FileCommandTests(FileServingServerFixture fixture) : FileTestBase(fixture.Server), IClassFixture<FileServingServerFixture>
{
    private void WriteLocal(string name, int length, ulong seed) => File.WriteAllBytes(LocalPath(name), LocalTree.Bytes(length, seed));

    private void AssertSameBytes(string expectedPath, string actualPath, string context)
    {
        Assert.True(File.Exists(actualPath), $"{actualPath} does not exist\n{context}");
        Assert.True(File.ReadAllBytes(expectedPath).AsSpan().SequenceEqual(File.ReadAllBytes(actualPath)),
            $"{actualPath} differs from {expectedPath}\n{context}");
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void PutListsAndGetsBack(string who)
    {
        var dir = $"putget-{who}";
        WriteLocal("a.txt", 1000, 1);
        WriteLocal("b.txt", 70_000, 2);   // more than one 64 KiB credit
        WriteLocal("c.dat", 0, 3);        // empty
        var put = Run(who, $"mkdir {dir}; cd {dir}; put a.txt; put b.txt; put c.dat");
        AssertClean(put);
        foreach (var name in new[] { "a.txt", "b.txt", "c.dat" })
            AssertSameBytes(LocalPath(name), OnServerAs(who, dir, name), Context(put));

        var ls = Run(who, $"cd {dir}; ls");
        AssertClean(ls);
        var entries = DirectoryListing.Parse(ls.Stdout).ToDictionary(e => e.Name);
        Assert.Equal(["a.txt", "b.txt", "c.dat"], DirectoryListing.Names(ls.Stdout));
        Assert.Equal(1000, entries["a.txt"].Size);
        Assert.Equal(70_000, entries["b.txt"].Size);
        Assert.Equal(0, entries["c.dat"].Size);
        Assert.True(entries["."].IsDirectory && entries[".."].IsDirectory, Context(ls));

        var masked = Run(who, $"cd {dir}; dir *.txt");
        AssertClean(masked);
        Assert.Equal(["a.txt", "b.txt"], DirectoryListing.Names(masked.Stdout));

        var get = Run(who, $"cd {dir}; get a.txt a.back; get b.txt b.back; get c.dat c.back");
        AssertClean(get);
        AssertSameBytes(LocalPath("a.txt"), LocalPath("a.back"), Context(get));
        AssertSameBytes(LocalPath("b.txt"), LocalPath("b.back"), Context(get));
        AssertSameBytes(LocalPath("c.dat"), LocalPath("c.back"), Context(get));
    }

    [Theory]
    [InlineData("SMB2_02", "off")]    // no multi-credit: every READ and WRITE at most 64 KiB
    [InlineData("SMB2_02", "sign")]
    [InlineData("SMB2_10", "sign")]   // signed multi-credit READs and WRITEs of up to 8 MiB
    public void PutAndGetOnEachDialectSignedOrNot(string dialect, string protection)
    {
        var dir = $"dialect-{dialect}-{protection}";
        var login = new SmbLogin($"alice {dialect} {protection}",
            ["-U", Infrastructure.TestUsers.Alice.Credentials, "-m", dialect, $"--client-protection={protection}"]);
        WriteLocal("m.bin", 20_000_000, 12);
        var result = Run(login, FileServingServerFixture.UserShare, $"mkdir {dir}; cd {dir}; put m.bin; get m.bin m.back");
        AssertClean(result);
        AssertSameBytes(LocalPath("m.bin"), OnServer(FileServingServerFixture.UserShare, dir, "m.bin"), Context(result));
        AssertSameBytes(LocalPath("m.bin"), LocalPath("m.back"), Context(result));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void CdMovesTheRemoteWorkingDirectory(string who)
    {
        var dir = $"cd-{who}";
        WriteLocal("x.txt", 10, 4);
        var result = Run(who, $"mkdir {dir}; mkdir {dir}\\sub; cd {dir}\\sub; put x.txt; cd ..; ls");
        AssertClean(result);
        Assert.True(File.Exists(OnServerAs(who, dir, "sub", "x.txt")), Context(result));
        var sub = Assert.Single(DirectoryListing.Parse(result.Stdout), e => e.Name == "sub");
        Assert.True(sub.IsDirectory, Context(result));

        AssertRefused(Run(who, $"cd {dir}\\nosuch"), "NT_STATUS_OBJECT_NAME_NOT_FOUND", "NT_STATUS_OBJECT_PATH_NOT_FOUND");
        // A file is not a directory one can cd into.
        AssertRefused(Run(who, $"cd {dir}\\sub\\x.txt"), "NT_STATUS_NOT_A_DIRECTORY", "NT_STATUS_OBJECT_NAME_NOT_FOUND");
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void MkdirAndRmdir(string who)
    {
        var dir = $"mkdir-{who}";
        var made = Run(who, $"mkdir {dir}; mkdir {dir}\\empty; mkdir {dir}\\full");
        AssertClean(made);
        Assert.True(Directory.Exists(OnServerAs(who, dir, "empty")) && Directory.Exists(OnServerAs(who, dir, "full")), Context(made));
        File.WriteAllText(OnServerAs(who, dir, "full", "f.txt"), "x");

        AssertRefused(Run(who, $"mkdir {dir}\\empty"), "NT_STATUS_OBJECT_NAME_COLLISION");

        var removed = Run(who, $"rmdir {dir}\\empty");
        AssertClean(removed);
        Assert.False(Directory.Exists(OnServerAs(who, dir, "empty")), Context(removed));

        AssertRefused(Run(who, $"rmdir {dir}\\full"), "NT_STATUS_DIRECTORY_NOT_EMPTY");
        Assert.True(File.Exists(OnServerAs(who, dir, "full", "f.txt")));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void DeltreeRemovesANestedTree(string who)
    {
        var dir = $"deltree-{who}";
        WriteLocal("f.txt", 100, 5);
        var made = Run(who, $"mkdir {dir}; mkdir {dir}\\a; mkdir {dir}\\a\\b; mkdir {dir}\\a\\b\\c; " +
                            $"put f.txt {dir}\\f.txt; put f.txt {dir}\\a\\f.txt; put f.txt {dir}\\a\\b\\c\\f.txt");
        AssertClean(made);
        Assert.True(File.Exists(OnServerAs(who, dir, "a", "b", "c", "f.txt")), Context(made));

        var deleted = Run(who, $"deltree {dir}; ls");
        AssertClean(deleted);
        Assert.False(Directory.Exists(OnServerAs(who, dir)), Context(deleted));
        Assert.DoesNotContain(dir, DirectoryListing.Names(deleted.Stdout));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void RmWithAMaskDeletesOnlyTheMatches(string who)
    {
        var dir = $"rm-{who}";
        WriteLocal("f.txt", 10, 6);
        var made = Run(who, $"mkdir {dir}; cd {dir}; put f.txt 1.tmp; put f.txt 2.tmp; put f.txt 3.TMP; put f.txt keep.txt; put f.txt tmp.keep");
        AssertClean(made);

        // Names match case-insensitively, as on Windows: 3.TMP goes too.
        var rm = Run(who, $"cd {dir}; rm *.tmp; ls");
        AssertClean(rm);
        Assert.Equal(["keep.txt", "tmp.keep"], DirectoryListing.Names(rm.Stdout));
        Assert.Equal(["keep.txt", "tmp.keep"],
            Directory.GetFiles(OnServerAs(who, dir)).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var single = Run(who, $"cd {dir}; rm keep.txt");
        AssertClean(single);
        Assert.False(File.Exists(OnServerAs(who, dir, "keep.txt")), Context(single));

        AssertRefused(Run(who, $"cd {dir}; rm *.nomatch"), "NT_STATUS_NO_SUCH_FILE");
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void RenameMovesTheFile(string who)
    {
        var dir = $"rename-{who}";
        WriteLocal("a.txt", 5000, 7);
        var made = Run(who, $"mkdir {dir}; mkdir {dir}\\sub; put a.txt {dir}\\a.txt; put a.txt {dir}\\other.txt");
        AssertClean(made);

        var renamed = Run(who, $"cd {dir}; rename a.txt b.txt");
        AssertClean(renamed);
        Assert.False(File.Exists(OnServerAs(who, dir, "a.txt")), Context(renamed));
        AssertSameBytes(LocalPath("a.txt"), OnServerAs(who, dir, "b.txt"), Context(renamed));

        var moved = Run(who, $"cd {dir}; rename b.txt sub\\c.txt");
        AssertClean(moved);
        AssertSameBytes(LocalPath("a.txt"), OnServerAs(who, dir, "sub", "c.txt"), Context(moved));

        // Without -f smbclient does not replace an existing name.
        AssertRefused(Run(who, $"cd {dir}; rename sub\\c.txt other.txt"), "NT_STATUS_OBJECT_NAME_COLLISION");
        AssertRefused(Run(who, $"cd {dir}; rename nosuch.txt d.txt"), "NT_STATUS_OBJECT_NAME_NOT_FOUND");
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void AllinfoPrintsTimesAttributesAndStreams(string who)
    {
        var dir = $"allinfo-{who}";
        WriteLocal("f.txt", 1234, 8);
        var result = Run(who, $"mkdir {dir}; put f.txt {dir}\\f.txt; put f.txt \"{dir}\\a longer name.txt\"; " +
                              $"allinfo {dir}\\f.txt; allinfo \"{dir}\\a longer name.txt\"; allinfo {dir}");
        // No 8.3 names are generated: a name that is not 8.3 already has no alternate name, and
        // smbclient says so (NT_STATUS_NOT_SUPPORTED getting alt name) before printing the rest.
        var unexpected = result.Output.Split('\n')
            .Where(l => l.Contains("NT_STATUS_", StringComparison.Ordinal) && !l.StartsWith("NT_STATUS_NOT_SUPPORTED getting alt name", StringComparison.Ordinal))
            .ToList();
        Assert.True(result.ExitCode == 0 && unexpected.Count == 0, $"unexpected errors\n{Context(result)}");
        var text = result.Stdout;
        Assert.Contains("altname: f.txt", text);
        foreach (var field in new[] { "create_time:", "access_time:", "write_time:", "change_time:" })
            Assert.True(CountOf(text, field) == 3, $"expected {field} for both files and the directory\n{Context(result)}");
        Assert.True(CountOf(text, "attributes: A (20)") == 2, Context(result));
        Assert.True(CountOf(text, "stream: [::$DATA], 1234 bytes") == 2, Context(result));
        Assert.Contains("attributes: D (10)", text);   // the directory
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void StatNeedsUnixExtensionsAndLeavesTheSessionUsable(string who)
    {
        // smbclient's `stat` prints POSIX information from the SMB1 UNIX extensions; over SMB2
        // without the POSIX extensions it says so (as it does against smbd), and the next
        // command still runs on the same connection.
        var dir = $"stat-{who}";
        WriteLocal("f.txt", 1, 9);
        var result = Run(who, $"mkdir {dir}; put f.txt {dir}\\f.txt; stat {dir}\\f.txt; allinfo {dir}\\f.txt");
        Assert.Contains("Server doesn't support UNIX CIFS calls.", result.Output);
        Assert.Contains("stream: [::$DATA], 1 bytes", result.Stdout);
        Assert.DoesNotContain("NT_STATUS_", result.Output);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void SetmodeReadOnlyShowsInAllinfoAndProtectsTheFile(string who)
    {
        var dir = $"setmode-{who}";
        WriteLocal("f.txt", 10, 10);
        var set = Run(who, $"mkdir {dir}; cd {dir}; put f.txt; setmode f.txt +r; allinfo f.txt");
        AssertClean(set);
        Assert.Contains("attributes: RA (21)", set.Stdout);

        // FILE_ATTRIBUTE_READONLY: no open for writing, no delete.
        AssertRefused(Run(who, $"cd {dir}; put f.txt"), "NT_STATUS_ACCESS_DENIED");
        AssertRefused(Run(who, $"cd {dir}; rm f.txt"), "NT_STATUS_CANNOT_DELETE", "NT_STATUS_ACCESS_DENIED");
        Assert.True(File.Exists(OnServerAs(who, dir, "f.txt")));

        var clear = Run(who, $"cd {dir}; setmode f.txt -r; allinfo f.txt; setmode f.txt +h; allinfo f.txt; rm f.txt");
        AssertClean(clear);
        Assert.Contains("attributes: A (20)", clear.Stdout);
        Assert.Contains("attributes: HA (22)", clear.Stdout);
        Assert.False(File.Exists(OnServerAs(who, dir, "f.txt")), Context(clear));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void VolumeShowsTheShareAndItsSerialNumber(string who)
    {
        var result = Run(who, "volume");
        AssertClean(result);
        Assert.Matches($@"Volume: \|{As(who).Share}\| serial number 0x[0-9a-f]+", result.Stdout);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void NotifyReportsAFileCreatedByAnotherClient(string who)
    {
        var dir = $"notify-{who}";
        AssertClean(Run(who, $"mkdir {dir}"));
        WriteLocal("f.txt", 10, 11);
        var (login, share) = As(who);
        using var watcher = BackgroundSmbClient.Start(Server, share, login, $"notify {dir}");

        // The watcher's CHANGE_NOTIFY reaches the server at a moment we cannot see from here, and
        // a change made before it is not reported: create a new file until one is.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        string? reported = null;
        for (int i = 0; reported is null && DateTime.UtcNow < deadline; i++)
        {
            var name = $"new{i}.txt";
            AssertClean(Run(who, $"put f.txt {dir}\\{name}"));
            var pollUntil = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
            while (reported is null && DateTime.UtcNow < pollUntil && !watcher.HasExited)
            {
                // smbclient prints each change as "ACTION NAME": 0001 is FILE_ACTION_ADDED.
                if (watcher.Output.Contains($"0001 {name}", StringComparison.Ordinal))
                    reported = name;
                else
                    Thread.Sleep(20);
            }
            Assert.False(watcher.HasExited, $"smbclient notify ended\n{watcher.Describe()}\n{Server.Describe()}");
        }
        Assert.True(reported is not null, $"no notification within 15 s\n{watcher.Describe()}\n{Server.Describe()}");
    }

    [Theory]
    [InlineData("user")]
    [InlineData("guest")]
    public void RecursiveMputAndMgetCopyAThousandFileTree(string who)
    {
        var dir = $"tree-{who}";
        var source = LocalPath("src");
        var files = LocalTree.WriteNested(Path.Combine(source, "tree"), 1000, seed: 100);
        Assert.Equal(1000, files.Count);

        var put = Run(who, $"mkdir {dir}; cd {dir}; prompt off; recurse on; mput tree", source);
        AssertClean(put);
        LocalTree.AssertSame(Path.Combine(source, "tree"), OnServerAs(who, dir, "tree"), Context(put));

        var back = LocalPath("back");
        Directory.CreateDirectory(back);
        var get = Run(who, $"cd {dir}; prompt off; recurse on; mget tree", back);
        AssertClean(get);
        LocalTree.AssertSame(Path.Combine(source, "tree"), Path.Combine(back, "tree"), Context(get));
    }
}
