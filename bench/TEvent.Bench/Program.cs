using BenchmarkDotNet.Running;
using TEvent.Bench;

// `--example [path]` runs the docs/architecture.md coroutine example once; `--alloc` prints exact
// allocation counts per yield, coroutine and request; anything else goes to BenchmarkDotNet
// (e.g. `--filter '*'`).
if (args.Length > 0 && args[0] == "--example")
    return FileLength.Run(args.Length > 1 ? args[1] : typeof(FileLength).Assembly.Location);
if (args.Length > 0 && args[0] == "--alloc")
    return AllocationCheck.Run();

BenchmarkSwitcher.FromAssembly(typeof(FileLength).Assembly).Run(args);
return 0;
