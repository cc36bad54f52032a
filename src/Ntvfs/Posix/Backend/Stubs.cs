namespace Ntvfs.Posix.Backend;
internal sealed class NotifyWatch { }
internal sealed class InotifyWatcher : IDisposable { public void Dispose() { } }
public sealed partial class PosixBackend { private void CloseNotify(PosixHandle h) { _ = h; } }
