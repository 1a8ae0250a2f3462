namespace BossNas.Cli;

/// <summary>The exit codes of <c>bossnas</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: a usage error, an invalid config or unreadable data; nothing was run.</summary>
    public const int BadInput = 2;

    /// <summary>Stopped by Ctrl-C (after a checkpoint, where the command writes them).</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (after a checkpoint, where the command writes them), as 128 + 15.</summary>
    public const int Terminated = 143;
}
