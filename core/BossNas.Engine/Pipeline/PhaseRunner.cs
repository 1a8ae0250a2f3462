using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// One run: the phases of the config's <c>[pipeline] phases</c>, in order (<see cref="PhaseCatalog"/>; any of them left
/// out). Each phase resumes from the latest checkpoint of the run folder; the run state names the phase it is in.
/// </summary>
public static class PhaseRunner
{
    private static readonly Logger Log = LogManager.GetLogger("pipeline");

    /// <summary>Outcome of <see cref="Run"/>.</summary>
    public enum Outcome
    {
        /// <summary>All phases finished; the report is written.</summary>
        Finished,

        /// <summary>Stopped by the user after a checkpoint; run again to resume.</summary>
        Interrupted,
    }

    /// <summary>Runs or resumes the session's run.</summary>
    internal static Outcome Run(RunSession s, Dictionary<string, Tensor>? resumed)
    {
        try
        {
            if (s.State.SearcherState is { } searcherState) s.Components.SearcherOrNull?.LoadState(searcherState);
            while (s.State.Phase != PhaseNames.Done)
            {
                PhaseCatalog.Get(s.State.Phase).Run(s, resumed);
                Next(s, s.Config.Pipeline.After(s.State.Phase));
                if (resumed is not null) foreach (var t in resumed.Values) t.Dispose();
                resumed = null;
            }
            s.Folder.MarkDone();
            return Outcome.Finished;
        }
        catch (RunInterruptedException e)
        {
            s.Interrupted(e);
            return Outcome.Interrupted;
        }
        finally
        {
            if (resumed is not null) foreach (var t in resumed.Values) t.Dispose();
        }
    }

    private static void Next(RunSession s, string phase)
    {
        s.State.Phase = phase;
        (s.State.Stage, s.State.Control) = (0, 0);
        (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
        s.Checkpoint([]);
    }
}
