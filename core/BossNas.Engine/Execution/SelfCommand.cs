namespace BossNas.Engine.Execution;

/// <summary>How another process runs this very program: <c>dotnet /path/bossnas.dll</c> when the CLI assembly is beside it, else its own executable.</summary>
internal static class SelfCommand
{
    /// <summary>The program and the arguments that come before a command line's own.</summary>
    public static (string Program, IReadOnlyList<string> Prefix) Start()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bossnas.dll");
        if (File.Exists(dll))
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h
                : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
            return (host, [dll]);
        }
        return (Environment.ProcessPath ?? "bossnas", []);
    }

    /// <summary>The same as a shell command.</summary>
    public static string Shell()
    {
        var (program, prefix) = Start();
        return string.Join(' ', prefix.Prepend(program).Select(Quote));
    }

    /// <summary>Single-quotes <paramref name="s"/> for a POSIX shell.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
