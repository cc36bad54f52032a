namespace SmbServer.Users;

/// <summary>One account of /etc/passwd: `name:password:uid:gid:gecos:home:shell`.</summary>
public sealed record UnixAccount(string Name, uint Uid, uint Gid, string HomeDirectory);
