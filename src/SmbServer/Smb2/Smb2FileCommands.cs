using Protocol.Smb2;

namespace SmbServer.Smb2;

/// <summary>Registers the handlers of the file commands (CREATE ... OPLOCK_BREAK) in the dispatch table.</summary>
public static class Smb2FileCommands
{
    public static void Register(Smb2Dispatcher.Entry?[] table)
    {
        // Every file command works on a tree of a valid session (MS-SMB2 3.3.5.2.9, 3.3.5.2.11).
        Add(table, Smb2Command.Create, Smb2Create.Handle);
        Add(table, Smb2Command.Close, Smb2Close.Handle);
        Add(table, Smb2Command.Flush, Smb2Flush.Handle);
        Add(table, Smb2Command.Read, Smb2Read.Handle);
        Add(table, Smb2Command.Write, Smb2Write.Handle);
        Add(table, Smb2Command.Lock, Smb2Lock.Handle);
        Add(table, Smb2Command.Ioctl, Smb2Ioctl.Handle);
        Add(table, Smb2Command.QueryDirectory, Smb2QueryDirectory.Handle);
        Add(table, Smb2Command.ChangeNotify, Smb2ChangeNotify.Handle);
        Add(table, Smb2Command.QueryInfo, Smb2QueryInfo.Handle);
        Add(table, Smb2Command.SetInfo, Smb2SetInfo.Handle);
        Add(table, Smb2Command.OplockBreak, Smb2OplockBreak.Handle);
    }

    private static void Add(Smb2Dispatcher.Entry?[] table, Smb2Command command,
        Func<TEvent.Coroutines.Coroutine, Smb2Request, TEvent.Coroutines.CoroutineBody<Protocol.NtStatus>> handler)
        => table[(int)command] = new Smb2Dispatcher.Entry(handler, NeedsSession: true, NeedsTree: true);
}
