using BossNas.Engine.Execution;

namespace BossNas.Engine.Pipeline.Parts;

/// <summary>
/// The networks a run trains from scratch after its search, as parts: the found architecture (<c>retrain</c>) and its
/// random controls (<c>control</c>, <c>control2</c>, ...), each with the same budget and seeds as inline. The controls are
/// drawn before the parts start (from the run's own <c>control</c> stream, as the control phase draws them), so all of
/// them can train at once; the results, networks, times and metrics come back into the run.
/// </summary>
internal static class TrainingParts
{
    /// <summary>
    /// Trains the retraining and control networks of the pipeline that have no result yet. Controls tested with
    /// inherited weights (<see cref="ControlPhase.Inherits"/>) are not parts.
    /// </summary>
    /// <exception cref="RunInterruptedException">Stopped by the user.</exception>
    public static void Run(RunSession s, IExecutor executor)
    {
        var phases = s.Config.Pipeline.Phases;
        var parts = new List<RunPart>();
        if (phases.Contains(PhaseNames.Retrain) && s.State.Results.Retrain is null)
            parts.Add(new RunPart(PhaseNames.Retrain, RunPart.TrainKind, 0, PhaseNames.Retrain, s.State.Architecture));
        if (phases.Contains(PhaseNames.Control) && !ControlPhase.Inherits(s))
        {
            if (s.State.ControlArchitectures.Count == 0)
                s.State.ControlArchitectures = RetrainPhase.DrawControls(s, Core.Architectures.Architecture.Parse(s.State.Architecture!),
                    s.Config.Retrain.Controls);
            for (int i = 0; i < s.State.ControlArchitectures.Count; i++)
            {
                var key = ControlPhase.ResultKey(i);
                if (s.State.Results.Control(i) is null) parts.Add(new RunPart(key, RunPart.TrainKind, 0, key, s.State.ControlArchitectures[i]));
            }
        }
        if (parts.Count == 0) return;
        PartUnits.Run(s, parts, executor);
        var networks = s.Folder.Sub(RetrainPhase.NetworksFolder);
        foreach (var part in parts)
        {
            var (folder, result) = PartUnits.Collect(s, part);
            var from = Path.Combine(folder.Path, RetrainPhase.NetworksFolder);
            if (Directory.Exists(from))
                foreach (var file in Directory.GetFiles(from))
                    File.Copy(file, Path.Combine(networks, Path.GetFileName(file)), overwrite: true);
            s.State.Results.Set(part.Phase, result.Accuracy ?? throw new InvalidDataException($"part {part.Name} left no accuracy"));
            s.State.AddTime(part.Phase, result.Seconds);
        }
    }
}
