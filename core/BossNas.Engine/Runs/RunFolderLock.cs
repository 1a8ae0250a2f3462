using System.Globalization;

namespace BossNas.Engine.Runs;

/// <summary>
/// One process per run folder: an OS file lock on <c>run.lock</c> held for the run's lifetime (released by the OS when
/// the holder dies, so a stale lock is simply taken over), with the holder's PID in <c>run.pid</c> for the message a
/// second process gets.
/// </summary>
internal sealed class RunFolderLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _pidFile;

    private RunFolderLock(FileStream held, string pidFile)
    {
        _lock = held;
        _pidFile = pidFile;
    }

    /// <summary>Takes the lock of <paramref name="folder"/>.</summary>
    /// <exception cref="RunFolderInUseException">Another live process holds it.</exception>
    public static RunFolderLock Acquire(RunFolder folder)
    {
        var lockFile = folder.File("run.lock");
        var pidFile = folder.File("run.pid");
        FileStream held;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Linux: a second open fails while this one lives.
            held = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string holder = File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : "unknown";
            throw new RunFolderInUseException(folder.Path, holder);
        }
        File.WriteAllText(pidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new RunFolderLock(held, pidFile);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (File.Exists(_pidFile) && File.ReadAllText(_pidFile).Trim() == Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
                File.Delete(_pidFile);
        }
        catch (IOException)
        {
            // The folder may be gone (a failed start removes it); the lock goes with the handle.
        }
        _lock.Dispose();
    }
}
