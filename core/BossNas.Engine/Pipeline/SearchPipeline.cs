using System.Diagnostics;
using BossNas.Engine.Reports;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// One run: the phases of the config's <c>[pipeline] phases</c>, in order (teacher → supernet → search → retrain → inherit →
/// control → report, any of them left out). Each phase resumes from the latest checkpoint of the run folder; the run
/// state names the phase it is in.
/// </summary>
public static class SearchPipeline
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
            if (s.State.SearcherState is { } searcherState) s.Components.Searcher.LoadState(searcherState);
            while (s.State.Phase != "done")
            {
                if (!RunPhase(s, s.State.Phase, resumed)) return Outcome.Interrupted;
                Next(s, s.Config.Pipeline.After(s.State.Phase));
                if (resumed is not null) foreach (var t in resumed.Values) t.Dispose();
                resumed = null;
            }
            s.Folder.MarkDone();
            return Outcome.Finished;
        }
        catch (RunInterruptedException e)
        {
            s.Progress.Break();
            Log.Warn("Interrupted ({Where}); checkpoint written, run again to resume", e.Message);
            return Outcome.Interrupted;
        }
        finally
        {
            if (resumed is not null) foreach (var t in resumed.Values) t.Dispose();
        }
    }

    private static bool RunPhase(RunSession s, string phase, Dictionary<string, Tensor>? resumed)
    {
        switch (phase)
        {
            case "teacher":
                return TeacherPhase.Run(s, resumed);
            case "supernet":
                return SupernetPhase.Run(s, resumed);
            case "search":
                SearchPhase.Run(s);
                return true;
            case "retrain" when s.PartsExecutor is { } executor:
                return Parts.TrainingParts.Run(s, executor);
            case "control" when s.PartsExecutor is { } executor && !ControlPhase.Inherits(s):
                return Parts.TrainingParts.Run(s, executor);
            case "retrain":
                var acc = RetrainPhase.Run(s, "retrain", BossNas.Core.Architectures.Architecture.Parse(s.State.Architecture!), resumed);
                if (acc is null) return false;
                s.State.Results["retrain"] = acc.Value;
                return true;
            case "inherit":
                s.State.Results["inherit"] = InheritPhase.Run(s);
                return true;
            case "control":
                return ControlPhase.Run(s, resumed);
            case "report":
                var clock = Stopwatch.StartNew();
                var report = ReportWriter.Write(s);
                s.State.AddTime("report", clock.Elapsed.TotalSeconds);
                Log.Info("Report: {Report}", report);
                return true;
            default:
                throw new InvalidOperationException($"unknown phase '{phase}' in the run state");
        }
    }

    private static void Next(RunSession s, string phase)
    {
        s.State.Phase = phase;
        s.State.Stage = 0;
        (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
        s.Checkpoint([]);
    }
}
