namespace SmbServer.Users;

/// <summary>What authentication needs to know about a user.</summary>
public sealed class SmbUser(string name, uint uid, byte[]? ntHash, SmbAccountFlags flags)
{
    private readonly byte[]? _ntHash = ntHash;

    /// <summary>The name as stored (the name a client sends may differ in case).</summary>
    public string Name { get; } = name;

    public uint Uid { get; } = uid;

    public SmbAccountFlags Flags { get; } = flags;

    /// <summary>The NT hash; empty when the account has none (then only a `N`-flag account can log on, with an empty password).</summary>
    public ReadOnlySpan<byte> NtHash => _ntHash;

    public bool HasNtHash => _ntHash is not null;

    public bool IsDisabled => (Flags & SmbAccountFlags.Disabled) != 0;

    public bool PasswordNotRequired => (Flags & SmbAccountFlags.PasswordNotRequired) != 0;

    public override string ToString() => Name;
}
