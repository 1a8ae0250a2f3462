namespace BossNas.Cli.Commands;

/// <summary>How this program was started, for hints a user can paste: <c>bossnas</c> as an installed tool, or <c>dotnet …/bossnas.dll</c>.</summary>
internal static class Invocation
{
    /// <summary>The command that runs this program again.</summary>
    public static string Command
    {
        get
        {
            var process = Environment.ProcessPath ?? "bossnas";
            if (!Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return process;
            var dll = typeof(Invocation).Assembly.Location;
            return dll.Length > 0 ? $"dotnet {dll}" : "bossnas";
        }
    }
}
