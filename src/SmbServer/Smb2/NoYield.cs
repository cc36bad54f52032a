using System.Runtime.CompilerServices;

namespace SmbServer.Smb2;

/// <summary>
/// An already-completed awaitable for handlers that finish without waiting: <c>await default(NoYield)</c>
/// keeps them async methods (so they share the handler signature) without suspending, which the
/// coroutine builder allows because it never suspends.
/// </summary>
public readonly struct NoYield : INotifyCompletion
{
    public NoYield GetAwaiter() => this;
    public bool IsCompleted => true;
    public void GetResult() { }
    public void OnCompleted(Action continuation) => throw new InvalidOperationException("NoYield never suspends");
}
