using Protocol.Fscc;

namespace Ntvfs.Posix.Backend;

/// <summary>One change as CHANGE_NOTIFY reports it: the action, the completion-filter bits it matches, the name.</summary>
/// <param name="Name">The path relative to the watched directory, '\' separated.</param>
internal readonly record struct NotifyEvent(FileAction Action, CompletionFilter Filter, string Name);
