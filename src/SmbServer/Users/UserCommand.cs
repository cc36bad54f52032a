using System.Globalization;

namespace SmbServer.Users;

/// <summary>
/// The `user` command: manages the smbpasswd file.
/// <code>
/// user add NAME       add a user (password from stdin)
/// user passwd NAME    set a user's password (password from stdin)
/// user disable NAME   set the D flag: the user can no longer log on
/// user enable NAME    clear the D flag
/// user remove NAME    delete the user
/// user list           list users
/// </code>
/// Unlike Samba's smbpasswd, a user needs no Unix account: the uid field gets the uid of the Unix
/// account of the same name when there is one, else 65534 (nobody). Only the NT hash is stored;
/// the LM field is always X's.
/// </summary>
public static class UserCommand
{
    public const uint NoUnixUid = 65534;

    private static readonly char[] ForbiddenNameChars = ['"', '/', '\\', '[', ']', ':', ';', '|', '=', ',', '+', '*', '?', '<', '>', '@'];

    /// <summary>Environment the command depends on, replaceable in tests.</summary>
    internal sealed record Environment(Func<string, uint?> LookupUid, TimeProvider Time, bool StdinIsTerminal);

    /// <param name="args">The arguments after the program name; a leading "user" is skipped.</param>
    /// <returns>0 on success, 1 on failure, 2 on a usage error.</returns>
    public static int Run(string[] args, TextReader stdin, TextWriter output, TextWriter err, string passwdFilePath)
    {
        var passwd = new EtcPasswd();
        var env = new Environment(
            name => passwd.Find(name)?.Uid,
            TimeProvider.System,
            ReferenceEquals(stdin, Console.In) && !Console.IsInputRedirected);
        return Run(args, stdin, output, err, passwdFilePath, env);
    }

    internal static int Run(string[] args, TextReader stdin, TextWriter output, TextWriter err, string passwdFilePath, Environment env)
    {
        var a = args.Length > 0 && args[0] == "user" ? args[1..] : args;
        if (a.Length == 0)
            return Usage(err);
        var verb = a[0];
        if (verb == "list")
            return a.Length == 1 ? List(output, passwdFilePath) : Usage(err);
        if (a.Length != 2 || verb is not ("add" or "passwd" or "disable" or "enable" or "remove"))
            return Usage(err);

        var name = a[1];
        if (verb == "add" && !IsValidName(name, out var nameProblem))
        {
            err.WriteLine($"user {verb}: invalid user name '{name}': {nameProblem}");
            return 1;
        }
        SmbPasswdFile file;
        try
        {
            file = SmbPasswdFile.Load(passwdFilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            err.WriteLine($"user {verb}: cannot read {passwdFilePath}: {e.Message}");
            return 1;
        }
        var existing = file.Find(name);
        switch (verb)
        {
            case "add":
            {
                if (existing is not null)
                {
                    err.WriteLine($"user add: user '{existing.Name}' already exists (use 'user passwd' to change the password)");
                    return 1;
                }
                var password = PasswordReader.Read(stdin, err, env.StdinIsTerminal, out var problem);
                if (password is null)
                {
                    err.WriteLine($"user add: {problem}");
                    return 1;
                }
                file.Set(new SmbPasswdEntry
                {
                    Name = name,
                    Uid = env.LookupUid(name) ?? NoUnixUid,
                    NtHash = SmbPasswdEntry.HashPassword(password),
                    Flags = SmbAccountFlags.NormalAccount,
                    LastChange = env.Time.GetUtcNow(),
                });
                return Save(file, passwdFilePath, verb, err, output, $"Added user {name}.");
            }
            case "passwd":
            {
                if (existing is null)
                    return NoSuchUser(verb, name, err);
                var password = PasswordReader.Read(stdin, err, env.StdinIsTerminal, out var problem);
                if (password is null)
                {
                    err.WriteLine($"user passwd: {problem}");
                    return 1;
                }
                file.Set(existing with
                {
                    NtHash = SmbPasswdEntry.HashPassword(password),
                    Flags = existing.Flags & ~SmbAccountFlags.PasswordNotRequired,
                    LastChange = env.Time.GetUtcNow(),
                });
                return Save(file, passwdFilePath, verb, err, output, $"Changed the password of {existing.Name}.");
            }
            case "disable":
                if (existing is null)
                    return NoSuchUser(verb, name, err);
                file.Set(existing with { Flags = existing.Flags | SmbAccountFlags.Disabled });
                return Save(file, passwdFilePath, verb, err, output, $"Disabled user {existing.Name}.");
            case "enable":
                if (existing is null)
                    return NoSuchUser(verb, name, err);
                file.Set(existing with { Flags = existing.Flags & ~SmbAccountFlags.Disabled });
                return Save(file, passwdFilePath, verb, err, output, $"Enabled user {existing.Name}.");
            default: // remove
                if (existing is null)
                    return NoSuchUser(verb, name, err);
                file.Remove(name);
                return Save(file, passwdFilePath, verb, err, output, $"Removed user {existing.Name}.");
        }
    }

    private static int List(TextWriter output, string path)
    {
        var file = SmbPasswdFile.Load(path);
        foreach (var e in file.Entries)
        {
            var state = e.IsDisabled ? "disabled" : "enabled";
            var changed = e.LastChange?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.Name,-20} uid={e.Uid,-10} {state,-8} {SmbAccountFlagsField.Format(e.Flags)} changed {changed}"));
        }
        return 0;
    }

    private static int Save(SmbPasswdFile file, string path, string verb, TextWriter err, TextWriter output, string done)
    {
        try
        {
            file.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            err.WriteLine($"user {verb}: cannot write {path}: {e.Message}");
            return 1;
        }
        output.WriteLine(done);
        return 0;
    }

    private static int NoSuchUser(string verb, string name, TextWriter err)
    {
        err.WriteLine($"user {verb}: no user '{name}'");
        return 1;
    }

    private static int Usage(TextWriter err)
    {
        err.WriteLine("usage: user add NAME | user passwd NAME | user disable NAME | user enable NAME | user remove NAME | user list");
        err.WriteLine("       the password is read from standard input (asked twice, without echo, on a terminal)");
        return 2;
    }

    /// <summary>
    /// Names for new users must fit the smbpasswd line and be usable as Windows account names,
    /// which may not contain " / \ [ ] : ; | = , + * ? &lt; &gt; @. Other verbs accept any name
    /// already in the file.
    /// </summary>
    internal static bool IsValidName(string name, out string problem)
    {
        problem = "";
        if (name.Length == 0)
            problem = "it is empty";
        else if (name.Length > 64)
            problem = "it is longer than 64 characters";
        else if (name.Trim() != name)
            problem = "it begins or ends with white space";
        else if (name.Any(char.IsControl))
            problem = "it contains a control character";
        else if (name.IndexOfAny(ForbiddenNameChars) >= 0)
            problem = "it contains one of \" / \\ [ ] : ; | = , + * ? < > @";
        else if (name.EndsWith('.'))
            problem = "it ends with a dot";
        return problem.Length == 0;
    }
}
