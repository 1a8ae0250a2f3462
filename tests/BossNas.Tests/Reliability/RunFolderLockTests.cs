using BossNas.Engine.Runs;
using BossNas.Tests.Support;

namespace BossNas.Tests.Reliability;

/// <summary>
/// <c>run.lock</c>: "in use" and the holder's PID only when another open handle holds the lock; a lock file that cannot
/// be opened at all is an I/O error that says why, and never blames the (maybe long dead) PID left in <c>run.pid</c>.
/// </summary>
public sealed class RunFolderLockTests
{
    private const string DeadPid = "2147483646";

    [Fact]
    public void A_lock_held_by_another_handle_is_in_use_by_the_holder()
    {
        using var temp = new TempFolder();
        var folder = RunFolder.Open(temp.Path);
        using (RunFolderLock.Acquire(folder))
        {
            // A lock is per open file, so a second acquire in this process meets it as another process would.
            var e = Assert.Throws<RunFolderInUseException>(() => RunFolderLock.Acquire(folder));
            Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Pid);
        }
        using (RunFolderLock.Acquire(folder)) { } // released with the handle
    }

    [Theory]
    [InlineData("lock is a folder")]
    [InlineData("run folder under a file")]
    public void A_lock_file_that_cannot_be_opened_is_an_io_error_with_the_reason_not_in_use(string failure)
    {
        using var temp = new TempFolder();
        // Both fail for root too, unlike a chmod.
        string path;
        if (failure == "lock is a folder")
        {
            path = temp.Path;
            Directory.CreateDirectory(temp.File("run.lock"));
            File.WriteAllText(temp.File("run.pid"), DeadPid); // left by a run that died
        }
        else
        {
            File.WriteAllText(temp.File("file"), "not a folder");
            path = temp.File("file/run");
        }
        var folder = RunFolder.Open(path);

        var e = Assert.Throws<IOException>(() => RunFolderLock.Acquire(folder));

        Assert.StartsWith($"cannot lock run folder {folder.Path}: ", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.InnerException); // the OS's own error, for --verbose
        Assert.DoesNotContain("in use", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DeadPid, e.Message, StringComparison.Ordinal);
    }
}
