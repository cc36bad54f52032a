using System.Diagnostics.CodeAnalysis;
using SmbServer.Users;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>The value of `valid users` / `invalid users`: see <see cref="UserList"/>.</summary>
public sealed class UserListType : ParameterType<UserList>
{
    public static UserListType Instance { get; } = new();

    public override string Syntax => "list of user names, @group, +group, %S";

    public override bool TryParse(string text, [MaybeNullWhen(false)] out UserList value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        var entries = SmbConfList.Split(text);
        foreach (var entry in entries)
        {
            if (entry.StartsWith('&') && !entry.Contains('+') && !entry.Contains('@'))
                warnings.Add($"'{entry}': NIS netgroups are not supported; this entry never matches");
            else if (entry.Contains('%') && entry != "%S")
                warnings.Add($"'{entry}': only the %S substitution is supported; the entry is compared as written");
        }
        value = new UserList(entries);
        error = null;
        return true;
    }

    public override string Format(UserList value) => value.ToString();
}
