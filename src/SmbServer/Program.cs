using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmbServer;
using SmbServer.Configuration;
using SmbServer.Hosting;
using SmbServer.Users;

// smbserver                      run on the embedded default (guest share "public" on 127.0.0.1:4455)
// smbserver --config PATH        run with an smb.conf, in the foreground
// smbserver check [-v] PATH      print the effective configuration, or its errors
// smbserver user CMD ... [--config PATH]   manage users in the smb passwd file
return await CommandLine.Run(args);

namespace SmbServer
{
    public static class CommandLine
    {
        public static async Task<int> Run(string[] args)
        {
            var rest = new List<string>(args);
            string? configPath = TakeOption(rest, "--config") ?? TakeOption(rest, "-s");
            if (rest.Count > 0 && rest[0] is "-h" or "--help" or "help") { Console.Out.Write(Usage); return 0; }
            if (rest.Count > 0 && rest[0] == "check")
            {
                rest.RemoveAt(0);
                bool verbose = rest.Remove("-v") | rest.Remove("--verbose");
                var path = configPath ?? rest.FirstOrDefault();
                if (path == null) { Console.Error.Write(Usage); return 2; }
                return ConfigCheck.Run(path, Console.Out, Console.Error, verbose, Options(path));
            }
            if (rest.Count > 0 && rest[0] == "user")
            {
                var loaded = Load(configPath, out var dataDir);
                if (loaded == null) return 1;
                return UserCommand.Run(rest.ToArray(), Console.In, Console.Out, Console.Error, loaded.Config.SmbPasswdFile);
            }
            if (rest.Count > 0) { Console.Error.WriteLine($"unknown argument: {rest[0]}"); Console.Error.Write(Usage); return 2; }

            var result = Load(configPath, out _);
            if (result == null) return 1;
            return await Serve(result.Config, configPath);
        }

        private const string Usage = """
            usage: smbserver [--config PATH]           run the server (no config: guest share on 127.0.0.1:4455)
                   smbserver check [-v] PATH           check an smb.conf and print the effective configuration
                   smbserver user add|passwd|disable|enable|remove NAME [--config PATH]
                   smbserver user list [--config PATH] manage users (passwords are read from stdin)

            """;

        private static string? TakeOption(List<string> args, string name)
        {
            int i = args.IndexOf(name);
            if (i < 0 || i + 1 >= args.Count) return null;
            var value = args[i + 1];
            args.RemoveRange(i, 2);
            return value;
        }

        /// <summary>Where state (the default smb passwd file, the embedded share) lives for this user.</summary>
        private static string DataDirectory()
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(string.IsNullOrEmpty(home) ? "/tmp" : home, ".local", "share");
            return Path.Combine(baseDir, "smbserver");
        }

        private static ConfigLoadOptions Options(string? configPath) => new()
        {
            StateDirectory = DataDirectory(),
            HostName = Environment.MachineName,
            Version = typeof(CommandLine).Assembly.GetName().Version?.ToString(3) ?? "0",
        };

        private static ConfigLoadResult? Load(string? configPath, out string dataDir)
        {
            dataDir = DataDirectory();
            ConfigLoadResult result;
            if (configPath == null)
            {
                Directory.CreateDirectory(Path.Combine(dataDir, "public"));
                result = SmbConfLoader.LoadText(EmbeddedDefault.Text(dataDir), EmbeddedDefault.FileName, Options(null));
            }
            else
            {
                result = SmbConfLoader.Load(configPath, Options(configPath));
            }
            foreach (var w in result.Warnings) Console.Error.WriteLine($"{w.File}:{w.Line}: warning: {w.Message}");
            foreach (var e in result.Errors) Console.Error.WriteLine($"{e.File}:{e.Line}: error: {e.Message}");
            return result.Success ? result : null;
        }

        private static async Task<int> Serve(ServerConfig config, string? configPath)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
            builder.Logging.SetMinimumLevel(config.MinimumLogLevel);
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            builder.Services.AddSingleton(sp =>
                new SmbServerContext(config, new UserDatabase(config.SmbPasswdFile), sp.GetRequiredService<ILoggerFactory>()));
            builder.Services.AddHostedService<SmbHostedService>();
            using var host = builder.Build();

            // SIGHUP reloads smb.conf (and the passdb): new tree connects see the new shares.
            var server = host.Services.GetRequiredService<SmbServerContext>();
            using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
            {
                ctx.Cancel = true;
                if (configPath == null) return;
                var reloaded = SmbConfLoader.Load(configPath, Options(configPath));
                if (reloaded.Success) server.Reload(reloaded.Config);
                foreach (var e in reloaded.Errors) Console.Error.WriteLine($"{e.File}:{e.Line}: error: {e.Message} (reload skipped)");
                server.Users.Reload();
            });
            await host.RunAsync();
            return 0;
        }
    }
}
