namespace Protocol.Ntlm;

/// <summary>
/// Finds the NT hash (MD4 of the UTF-16LE password, 16 bytes) of <paramref name="user"/> in
/// <paramref name="domain"/>, both exactly as the client sent them; null when there is no such
/// user. Called at most once per authentication, on the caller's thread.
/// </summary>
public delegate byte[]? NtHashLookup(string user, string domain);
