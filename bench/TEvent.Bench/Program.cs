using BenchmarkDotNet.Running;
using TEvent.Bench;

// `--example [path]` runs the docs/architecture.md coroutine example once; anything else goes to
// BenchmarkDotNet (e.g. `--filter '*'`).
if (args.Length > 0 && args[0] == "--example")
    return FileLength.Run(args.Length > 1 ? args[1] : typeof(FileLength).Assembly.Location);

BenchmarkSwitcher.FromAssembly(typeof(FileLength).Assembly).Run(args);
return 0;
