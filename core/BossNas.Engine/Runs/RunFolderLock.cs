using System.Globalization;

namespace BossNas.Engine.Runs;

/// <summary>
/// One process per run folder: an OS file lock on <c>run.lock</c> held for the run's lifetime (released by the OS when
/// the holder dies, so a stale lock is simply taken over), with the holder's PID in <c>run.pid</c> for the message a
/// second process gets. A lock file that cannot be opened for another reason is an I/O error naming that reason.
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
    /// <exception cref="IOException">The lock file cannot be opened at all (read-only file system, no permission, no folder).</exception>
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
        catch (IOException e) when (HeldByAnother(e))
        {
            string holder = File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : "unknown";
            throw new RunFolderInUseException(folder.Path, holder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nobody holds it: run.pid may name a process long gone, so it is not blamed; the OS says what failed.
            throw new IOException($"cannot lock run folder {folder.Path}: {e.Message}", e);
        }
        File.WriteAllText(pidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new RunFolderLock(held, pidFile);
    }

    /// <summary>
    /// Whether another process (or another handle) holds the lock of the run folder at <paramref name="path"/>. A
    /// folder without a lock file, or one that cannot be opened for another reason, is not held (taking it will say why).
    /// </summary>
    public static bool IsHeld(string path)
    {
        try
        {
            // Taken and let go at once: a process that takes it in between is refused once and waited for again.
            using var probe = new FileStream(Path.Combine(path, "run.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException e) when (HeldByAnother(e))
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // Only a lock another open handle holds: .NET reports it with the OS error as HResult (EWOULDBLOCK from flock on
    // Unix, a sharing or lock violation on Windows); every other failure is the folder's, not a holder's.
    private static bool HeldByAnother(IOException e)
    {
        if (OperatingSystem.IsWindows()) return (e.HResult & 0xFFFF) is ErrorSharingViolation or ErrorLockViolation;
        return e.HResult == (OperatingSystem.IsLinux() ? LinuxEWouldBlock : BsdEWouldBlock);
    }

    private const int ErrorSharingViolation = 32, ErrorLockViolation = 33, LinuxEWouldBlock = 11, BsdEWouldBlock = 35;

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
