using System.Reflection;

namespace Protocol;

/// <summary>Maps an <see cref="NtStatus"/> to the MS-ERREF name logs and tests print (NT_STATUS_...).</summary>
public static class NtStatusNames
{
    private static readonly Dictionary<uint, string> Names = Build();

    public static string NameOf(NtStatus status)
        => Names.TryGetValue(status.Value, out var name) ? name : $"NT_STATUS_0x{status.Value:X8}";

    private static Dictionary<uint, string> Build()
    {
        var names = new Dictionary<uint, string>();
        foreach (var field in typeof(NtStatus).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is not NtStatus s) continue;
            // First declared name wins (aliases such as RequestNotSupported share a value).
            names.TryAdd(s.Value, "NT_STATUS_" + ToUpperSnake(field.Name));
        }
        return names;
    }

    private static string ToUpperSnake(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) sb.Append('_');
            sb.Append(char.ToUpperInvariant(name[i]));
        }
        return sb.ToString();
    }
}
