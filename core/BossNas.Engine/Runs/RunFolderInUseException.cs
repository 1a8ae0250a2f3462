using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace BossNas.Engine.Runs;

/// <summary>Another process is running in the run folder; exit code 2 (nothing was done).</summary>
public sealed partial class RunFolderInUseException(string folder, string pid)
    : Exception($"run folder {folder} is in use by process {pid}; wait for it to finish, or start a fresh run with --new")
{
    /// <summary>The folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The holder's PID as it recorded it.</summary>
    public string Pid { get; } = pid;

    /// <summary>
    /// Reads the folder and holder back from a line that carries this exception's message (a child process's
    /// <c>error: …</c> line, as the process executor sees it).
    /// </summary>
    public static bool TryParse(string line, [NotNullWhen(true)] out string? folder, [NotNullWhen(true)] out string? pid)
    {
        var m = MessagePattern().Match(line);
        folder = m.Success ? m.Groups["folder"].Value : null;
        pid = m.Success ? m.Groups["pid"].Value : null;
        return m.Success;
    }

    [GeneratedRegex(@"run folder (?<folder>.+) is in use by process (?<pid>[^;\s]+); wait for it to finish")]
    private static partial Regex MessagePattern();
}
