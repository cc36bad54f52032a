using System.Runtime.Versioning;

// The real peers (smbclient, smbtorture, smbd), kill(2) and Unix file modes: Linux only.
[assembly: SupportedOSPlatform("linux")]
