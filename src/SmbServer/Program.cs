// Entry point: replaced by the host in the server-core work.
Console.WriteLine("smbserver: the server core is not built yet; see README.md.");
return 0;
