using BossNas.Engine.Runs;
using NLog;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Leaves the <c>failed</c> marker in a run folder whose run stopped on an error, so <c>bossnas runs</c> can tell it from
/// one that was interrupted (and can be resumed as it was) without a log to read.
/// </summary>
internal static class RunFailure
{
    private static readonly Logger Log = LogManager.GetLogger("run");

    /// <summary>
    /// Marks <paramref name="folder"/> failed by <paramref name="error"/> unless that is an interruption or another process
    /// holding the folder. Always false, to serve as an exception filter that lets the exception go on as it was.
    /// </summary>
    public static bool Mark(RunFolder folder, Exception error)
    {
        if (error is OperationCanceledException or RunInterruptedException or RunFolderInUseException || !Directory.Exists(folder.Path)) return false;
        try
        {
            folder.MarkFailed(error);
        }
        catch (Exception io) when (io is IOException or UnauthorizedAccessException)
        {
            Log.Debug("Could not mark {Folder} failed: {Reason}", folder.Path, io.Message);
        }
        return false;
    }
}
