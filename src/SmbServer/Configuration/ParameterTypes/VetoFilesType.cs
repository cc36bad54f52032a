using System.Diagnostics.CodeAnalysis;

namespace SmbServer.Configuration.ParameterTypes;

/// <summary>`/pattern/pattern/` lists for `veto files`.</summary>
public sealed class VetoFilesType : ParameterType<VetoFiles>
{
    public static VetoFilesType Instance { get; } = new();

    public override string Syntax => "slash-separated name patterns (/*.tmp/.DS_Store/)";

    public override bool TryParse(string text, [MaybeNullWhen(false)] out VetoFiles value, [NotNullWhen(false)] out string? error, List<string> warnings)
    {
        if (text.Length > 0 && text[0] != '/')
            warnings.Add("entries are separated by '/': write /pattern/ (read as if it were)");
        value = VetoFiles.Parse(text);
        error = null;
        return true;
    }

    public override string Format(VetoFiles value) => value.ToString();
}
