namespace BossNas.Engine.Runs;

/// <summary>Another process is running in the run folder; exit code 2 (nothing was done).</summary>
public sealed class RunFolderInUseException(string folder, string pid)
    : Exception($"run folder {folder} is in use by process {pid}; wait for it to finish, or start a fresh run with --new")
{
    /// <summary>The folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The holder's PID as it recorded it.</summary>
    public string Pid { get; } = pid;
}
