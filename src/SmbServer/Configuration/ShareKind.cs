namespace SmbServer.Configuration;

/// <summary>What a share section is.</summary>
public enum ShareKind
{
    /// <summary>An ordinary disk share.</summary>
    Disk,

    /// <summary>The [homes] template.</summary>
    Homes,

    /// <summary>A user's share made from [homes] by <see cref="ShareConfig.ForHomeUser"/>.</summary>
    HomeOfUser,

    /// <summary>An [IPC$] section: it only carries settings (hosts allow/deny, ...) for the built-in IPC$ share.</summary>
    Ipc,
}
