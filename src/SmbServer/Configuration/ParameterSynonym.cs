namespace SmbServer.Configuration;

/// <summary>
/// Another name for a parameter. An inverted synonym of a boolean parameter sets the opposite
/// value (`writable = yes` is `read only = no`).
/// </summary>
public sealed record ParameterSynonym(string Name, bool Inverted = false);
