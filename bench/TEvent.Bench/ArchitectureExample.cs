using TEvent.Coroutines;

namespace TEvent.Bench;

/// <summary>
/// The FooSend/FooRecv example of docs/architecture.md ("Coroutines"), kept here so that it
/// compiles against the real API. Run it with <c>dotnet run -c Release --project bench/TEvent.Bench -- --example</c>.
/// </summary>
public static class FileLength
{
    /// <summary>Starts the coroutine: only schedules its first step, never runs body code here.</summary>
    public static TeventReq FileLengthSend(EventContext ev, string path)
        => Coroutine.Send(ev, path, static (co, p) => FileLengthBody(co, p), nameof(FileLengthSend));

    private static async CoroutineBody<long> FileLengthBody(Coroutine co, string path)
    {
        // stat() can block on a slow disk: it runs on a pool thread, never on the loop.
        var subreq = ThreadJob.Send(co.Ev, () => new FileInfo(path).Length);
        if (!await co.Yield(subreq))
        {
            co.SetError(TeventError.Cancelled);   // cancelled: return, do not continue
            return 0;
        }
        uint error = ThreadJob.Recv(subreq, out long length);   // _recv right after the yield
        if (error != 0) co.SetError(error);
        return length;
    }

    /// <summary>0 or an NTSTATUS error code; the length on success.</summary>
    public static uint FileLengthRecv(TeventReq req, out long length) => Coroutine.Recv(req, out length);

    /// <summary>A caller, run by <c>--example</c>: its own loop, one request, poll until it completes.</summary>
    public static int Run(string path)
    {
        var ev = new EventContext(name: "example");
        var req = FileLengthSend(ev, path);
        ev.LoopUntil(req);
        uint status = FileLengthRecv(req, out long length);
        Console.WriteLine($"FileLength({path}) = {length}, status 0x{status:X8}");
        return status == 0 ? 0 : 1;
    }
}
