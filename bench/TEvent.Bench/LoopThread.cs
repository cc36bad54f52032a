namespace TEvent.Bench;

/// <summary>
/// An <see cref="EventContext"/> is bound to the thread that constructs it, and every loop-only call
/// asserts it. BenchmarkDotNet runs [GlobalSetup], the iterations and [GlobalCleanup] on the one
/// thread of the benchmark process; this records the setup thread so the cleanup can say so in the
/// log, and any benchmark call on another thread would throw from the loop's own assertion.
/// </summary>
internal static class LoopThread
{
    public static int Bind(string benchmark)
    {
        int id = Environment.CurrentManagedThreadId;
        Console.WriteLine($"// {benchmark}: EventContext created on managed thread {id}");
        return id;
    }

    public static void Check(string benchmark, int setupThread, params EventContext[] loops)
    {
        int id = Environment.CurrentManagedThreadId;
        if (id != setupThread || !loops.All(ev => ev.IsOnLoopThread))
            throw new InvalidOperationException($"{benchmark}: setup ran on thread {setupThread}, cleanup on {id}");
        Console.WriteLine($"// {benchmark}: cleanup on managed thread {id}, same as setup");
        foreach (var ev in loops) Console.WriteLine($"//   loop {ev.Name}: {ev.Counters}");
    }
}
