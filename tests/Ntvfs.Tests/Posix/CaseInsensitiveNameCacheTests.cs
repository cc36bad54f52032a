using Ntvfs.Posix;

namespace Ntvfs.Tests.Posix;

public class CaseInsensitiveNameCacheTests
{
    private static readonly DirectoryStamp S1 = new(1, 0, 1, 0);
    private static readonly DirectoryStamp S2 = new(2, 0, 2, 0);

    private static HashSet<string> Names(params string[] names) => new(names, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void ValidOnlyForTheSameStamp()
    {
        var cache = new CaseInsensitiveNameCache();
        var key = new DirectoryKey(1, 10);
        Assert.False(cache.TryLookup(key, S1, "a", out _));
        cache.Store(key, S1, Names("Alpha", "beta"));
        Assert.True(cache.TryLookup(key, S1, "ALPHA", out string? actual));
        Assert.Equal("Alpha", actual);
        Assert.True(cache.TryLookup(key, S1, "gamma", out actual));
        Assert.Null(actual); // known absent
        Assert.False(cache.TryLookup(key, S2, "alpha", out _)); // directory changed
        Assert.Equal(0, cache.DirectoryCount); // and the stale listing is gone
    }

    [Fact]
    public void NoteAddedUpdatesInPlaceOnlyIfCurrent()
    {
        var cache = new CaseInsensitiveNameCache();
        var key = new DirectoryKey(1, 10);
        cache.Store(key, S1, Names("a"));
        cache.NoteAdded(key, S1, S2, "New");
        Assert.True(cache.TryLookup(key, S2, "NEW", out string? actual));
        Assert.Equal("New", actual);

        // Someone else changed the directory since our lookup: drop rather than trust it.
        cache.NoteAdded(key, S1, new DirectoryStamp(3, 0, 3, 0), "Other");
        Assert.Equal(0, cache.DirectoryCount);
    }

    [Fact]
    public void EvictsLeastRecentlyUsedDirectories()
    {
        var cache = new CaseInsensitiveNameCache(maxDirectories: 2, maxNames: 100);
        var a = new DirectoryKey(1, 1);
        var b = new DirectoryKey(1, 2);
        var c = new DirectoryKey(1, 3);
        cache.Store(a, S1, Names("x"));
        cache.Store(b, S1, Names("y"));
        Assert.True(cache.TryLookup(a, S1, "x", out _)); // a is now the most recent
        cache.Store(c, S1, Names("z"));
        Assert.Equal(2, cache.DirectoryCount);
        Assert.False(cache.TryLookup(b, S1, "y", out _));
        Assert.True(cache.TryLookup(a, S1, "x", out _));
        Assert.True(cache.TryLookup(c, S1, "z", out _));
    }

    [Fact]
    public void BoundsTheTotalNumberOfNames()
    {
        var cache = new CaseInsensitiveNameCache(maxDirectories: 10, maxNames: 5);
        cache.Store(new DirectoryKey(1, 1), S1, Names("a", "b", "c"));
        cache.Store(new DirectoryKey(1, 2), S1, Names("d", "e", "f"));
        Assert.Equal(1, cache.DirectoryCount);
        Assert.Equal(3, cache.NameCount);
        cache.Store(new DirectoryKey(1, 3), S1, Names("1", "2", "3", "4", "5", "6")); // bigger than the budget
        Assert.False(cache.TryLookup(new DirectoryKey(1, 3), S1, "1", out _));
        Assert.True(cache.NameCount <= 5);
        cache.Invalidate(new DirectoryKey(1, 2));
        Assert.Equal(0, cache.NameCount);
    }

    [Fact]
    public void RequiresIgnoreCaseSets()
        => Assert.Throws<ArgumentException>(() =>
            new CaseInsensitiveNameCache().Store(new DirectoryKey(1, 1), S1, new HashSet<string>()));
}
