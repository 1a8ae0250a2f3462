using System.Diagnostics;

namespace BossNas.Engine.Execution;

/// <summary>The Slurm commands the executor uses: sbatch, squeue and scontrol (accounting may be off, so no sacct).</summary>
internal static class SlurmCli
{
    /// <summary>Runs a Slurm command; returns its exit code and output.</summary>
    public static (int Exit, string Out, string Err) Run(string command, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using var p = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output, err.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, "", $"{command}: {e.Message}");
        }
    }

    /// <summary>The scontrol command (tests point it at a missing program to see the error without Slurm).</summary>
    internal static string Scontrol { get; set; } = "scontrol";

    /// <summary>Null when a Slurm controller answers; otherwise why not.</summary>
    public static string? Unavailable()
    {
        var (exit, output, err) = Run(Scontrol, ["ping"]);
        if (exit == 0 && output.Contains("UP", StringComparison.Ordinal)) return null;
        return $"no Slurm controller answers `scontrol ping` ({(exit == 127 ? "scontrol is not installed" : (output + err).Trim())})";
    }

    /// <summary>The squeue command (tests point it at a failing program to see transient errors).</summary>
    internal static string Squeue { get; set; } = "squeue";

    /// <summary>
    /// State of every job element of this user in the queue by id (<c>12</c>, or <c>12_3</c> for array element 3): only
    /// this user's jobs (<c>--me</c>), not the whole cluster's queue at every poll.
    /// </summary>
    /// <exception cref="InvalidOperationException">squeue failed (the controller may be restarting: callers retry).</exception>
    public static Dictionary<string, string> Queue()
    {
        var (exit, output, err) = Run(Squeue, ["--me", "-h", "-r", "-o", "%i %T"]);
        if (exit != 0) throw new InvalidOperationException($"squeue failed: {err.Trim()}");
        var queue = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2) queue[parts[0]] = parts[1];
        }
        return queue;
    }
}
