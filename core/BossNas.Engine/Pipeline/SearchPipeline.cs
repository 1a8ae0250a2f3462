using System.Diagnostics;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Reports;
using NLog;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// One run, phase after phase: supernet training with block-wise search → the final architecture → retraining
/// it and a random control from scratch → test accuracy → report. Each phase resumes from the latest
/// checkpoint of the run folder.
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
    public static Outcome Run(RunSession s, Dictionary<string, Tensor>? resumed)
    {
        var (space, strategy, searcher, evaluator) = s.Components;
        try
        {
            if (s.State.Phase == "supernet")
            {
                manual_seed(s.Config.Run.Seed);
                strategy.Build(space, s.Input, s.Context);
                strategy.Modules.to(s.Device);
                if (resumed is not null) TensorStore.LoadInto(strategy.Modules, resumed, SupernetPhase.ModelPrefix);
                if (!SupernetPhase.Run(s, resumed)) return Outcome.Interrupted;

                var prefix = Architecture.Parse(s.State.FixedPrefix);
                using var rating = new Data.RatingData(s.Data, s.Views, strategy.Views(strategy.PlanStages(space)[0]).Pipeline,
                    s.Config.Data.BatchSize, s.Config.Data.RatingImages, s.Config.Data.CalibrationBatches, s.Config.Run.Seed, s.Device);
                var final = searcher.Finish(prefix, evaluator, new EvaluationContext(space, s.Input, strategy, rating, s.Context));
                if (space.Validate(final) is { } why)
                    throw new InvalidOperationException($"the searcher returned an invalid architecture {final}: {why}");
                s.State.Architecture = final.ToString();
                WriteArchitecture(s, final);
                Log.Info("Found architecture {Arch}: {Cost}", final, space.Cost(final, s.Input));
                Next(s, s.Config.Retrain.Enabled ? "retrain" : "report");
                resumed = null;
            }
            var found = Architecture.Parse(s.State.Architecture!);
            if (s.State.Phase == "retrain")
            {
                var acc = RetrainPhase.Run(s, "retrain", found, resumed);
                if (acc is null) return Outcome.Interrupted;
                s.State.Results["retrain"] = acc.Value;
                s.State.ControlArchitecture ??= RetrainPhase.DrawControl(s, found, s.Config.Retrain.ControlTolerance,
                    s.Context.Rng["control"]).ToString();
                Next(s, s.Config.Retrain.Control ? "control" : "report");
                resumed = null;
            }
            if (s.State.Phase == "control")
            {
                var acc = RetrainPhase.Run(s, "control", Architecture.Parse(s.State.ControlArchitecture!), resumed);
                if (acc is null) return Outcome.Interrupted;
                s.State.Results["control"] = acc.Value;
                Next(s, "report");
            }
            var clock = Stopwatch.StartNew();
            var report = ReportWriter.Write(s);
            s.State.AddTime("report", clock.Elapsed.TotalSeconds);
            Next(s, "done");
            s.Folder.MarkDone();
            Log.Info("Report: {Report}", report);
            return Outcome.Finished;
        }
        finally
        {
            if (resumed is not null) foreach (var t in resumed.Values) t.Dispose();
        }
    }

    private static void Next(RunSession s, string phase)
    {
        s.State.Phase = phase;
        (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
        s.Checkpoint(Array.Empty<KeyValuePair<string, Tensor>>());
    }

    private static void WriteArchitecture(RunSession s, Architecture a)
    {
        var cost = s.Components.Space.Cost(a, s.Input);
        var json = JsonSerializer.Serialize(new
        {
            architecture = a.ToString(),
            blocks = a.Blocks.Select(b => b.Ops).ToArray(),
            madds = cost.MAdds,
            @params = cost.Params,
            input = new { s.Input.Channels, s.Input.Height, s.Input.Width, s.Input.Classes },
            search_space = s.Config[Core.Components.ComponentKind.SearchSpace].Plugin,
            supervision = s.Config[Core.Components.ComponentKind.Supervision].Plugin,
            searcher = s.Config[Core.Components.ComponentKind.Searcher].Plugin,
            evaluator = s.Config[Core.Components.ComponentKind.Evaluator].Plugin,
            seed = s.Config.Run.Seed,
            config_hash = s.State.ConfigHash,
        }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(s.Folder.File("architecture.json"), json);
    }
}
