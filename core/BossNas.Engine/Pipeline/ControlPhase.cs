using BossNas.Core.Architectures;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>control</c> phase: <c>[retrain] controls</c> random architectures of similar MAdds to the found one, each
/// trained from scratch exactly like it (same budget, same seeds), so the report can say what the search bought. When
/// the pipeline tests the found architecture with inherited weights instead of retraining it (phases with
/// <c>inherit</c> and without <c>retrain</c>, as BigNAS), the controls are tested the same way.
/// </summary>
internal static class ControlPhase
{
    /// <summary>The result key (and metrics phase name) of control <paramref name="index"/>: control, control2, ...</summary>
    public static string ResultKey(int index) => index == 0 ? "control" : $"control{index + 1}";

    /// <summary>Whether controls are tested with inherited weights: the pipeline inherits and does not retrain.</summary>
    public static bool Inherits(RunSession s) =>
        s.Config.Pipeline.Phases.Contains("inherit") && !s.Config.Pipeline.Phases.Contains("retrain");

    /// <summary>Trains the controls not yet done; returns false when interrupted.</summary>
    public static bool Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var found = Architecture.Parse(s.State.Architecture!);
        if (s.State.ControlArchitectures.Count == 0)
            s.State.ControlArchitectures = RetrainPhase.DrawControls(s, found, s.Config.Retrain.Controls);
        for (int i = s.State.Stage; i < s.State.ControlArchitectures.Count; i++)
        {
            var control = Architecture.Parse(s.State.ControlArchitectures[i]);
            var acc = Inherits(s) ? InheritPhase.Test(s, control, ResultKey(i))
                : RetrainPhase.Run(s, ResultKey(i), control, i == s.State.Stage ? resumed : null);
            if (acc is null) return false;
            s.State.Results[ResultKey(i)] = acc.Value;
            s.State.Stage = i + 1;
            (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
            if (i + 1 < s.State.ControlArchitectures.Count) s.Checkpoint([]);
        }
        return true;
    }
}
