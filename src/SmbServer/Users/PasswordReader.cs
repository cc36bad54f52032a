using System.Text;

namespace SmbServer.Users;

/// <summary>
/// Reads a new password for the user command. On a terminal: prompts on <c>err</c>, reads
/// without echo (Console.ReadKey with intercept), and asks twice. From a redirected stdin: one
/// line, or two lines that must match. The password is never written anywhere.
/// </summary>
internal static class PasswordReader
{
    /// <returns>The password, or null with a reason in <paramref name="problem"/>.</returns>
    public static string? Read(TextReader stdin, TextWriter err, bool interactive, out string problem)
    {
        string? first, second;
        if (interactive)
        {
            err.Write("New password: ");
            first = ReadHidden(err);
            err.Write("Retype new password: ");
            second = ReadHidden(err);
        }
        else
        {
            first = stdin.ReadLine();
            second = stdin.ReadLine();
        }
        if (first is null)
        {
            problem = "no password given on standard input";
            return null;
        }
        if (second is not null && second != first)
        {
            problem = "the passwords do not match";
            return null;
        }
        if (first.Length == 0)
        {
            problem = "the password is empty";
            return null;
        }
        problem = "";
        return first;
    }

    private static string? ReadHidden(TextWriter err)
    {
        var sb = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    err.WriteLine();
                    return sb.ToString();
                case ConsoleKey.Backspace:
                    if (sb.Length > 0)
                        sb.Length--;
                    break;
                default:
                    if (key.KeyChar == '\u0004' && sb.Length == 0) // Ctrl-D on an empty line: end of input
                    {
                        err.WriteLine();
                        return null;
                    }
                    if (!char.IsControl(key.KeyChar))
                        sb.Append(key.KeyChar);
                    break;
            }
        }
    }
}
