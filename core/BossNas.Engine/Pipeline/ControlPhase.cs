using BossNas.Core.Architectures;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>control</c> phase: <c>[retrain] controls</c> random architectures of similar MAdds to the found one, each
/// trained from scratch exactly like it (same budget, same seeds), so the report can say what the search bought.
/// </summary>
internal static class ControlPhase
{
    /// <summary>The result key (and metrics phase name) of control <paramref name="index"/>: control, control2, ...</summary>
    public static string ResultKey(int index) => index == 0 ? "control" : $"control{index + 1}";

    /// <summary>Trains the controls not yet done; returns false when interrupted.</summary>
    public static bool Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        var found = Architecture.Parse(s.State.Architecture!);
        if (s.State.ControlArchitectures.Count == 0)
            s.State.ControlArchitectures = RetrainPhase.DrawControls(s, found, s.Config.Retrain.Controls);
        for (int i = s.State.Stage; i < s.State.ControlArchitectures.Count; i++)
        {
            var acc = RetrainPhase.Run(s, ResultKey(i), Architecture.Parse(s.State.ControlArchitectures[i]), i == s.State.Stage ? resumed : null);
            if (acc is null) return false;
            s.State.Results[ResultKey(i)] = acc.Value;
            s.State.Stage = i + 1;
            (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
            if (i + 1 < s.State.ControlArchitectures.Count) s.Checkpoint([]);
        }
        return true;
    }
}
