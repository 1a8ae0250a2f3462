using BossNas.Core.Architectures;
using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>control</c> phase: <c>[retrain] controls</c> random architectures of similar MAdds to the found one, each
/// trained from scratch exactly like it (same budget, same seeds), so the report can say what the search bought. When
/// the pipeline tests the found architecture with inherited weights instead of retraining it (phases with
/// <c>inherit</c> and without <c>retrain</c>, as BigNAS), the controls are tested the same way.
/// </summary>
internal sealed class ControlPhase : IPhase
{
    /// <summary>The result key (and metrics phase name) of control <paramref name="index"/>: control, control2, ...</summary>
    public static string ResultKey(int index) => index == 0 ? PhaseNames.Control : $"{PhaseNames.Control}{index + 1}";

    /// <summary>The control index of task name <paramref name="key"/> (<see cref="ResultKey"/>'s inverse), or null.</summary>
    public static int? IndexOf(string key) =>
        key == PhaseNames.Control ? 0
        : key.StartsWith(PhaseNames.Control, StringComparison.Ordinal) && int.TryParse(key.AsSpan(PhaseNames.Control.Length),
            System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 2 ? n - 1 : null;

    /// <summary>Whether controls are tested with inherited weights: the pipeline inherits and does not retrain.</summary>
    public static bool Inherits(RunSession s) =>
        s.Config.Pipeline.Phases.Contains(PhaseNames.Inherit) && !s.Config.Pipeline.Phases.Contains(PhaseNames.Retrain);

    /// <inheritdoc />
    public string Name => PhaseNames.Control;

    /// <inheritdoc />
    public IReadOnlyList<ComponentKind> Roles { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<PhaseNeed> Needs { get; } = [new(PhaseNames.Search, "its controls match the found architecture's cost")];

    /// <inheritdoc />
    public string Produces => "networks/control*.bin (random architectures of similar cost, trained like the found one), their test accuracies";

    /// <inheritdoc />
    public void Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        if (s.PartsExecutor is { } executor && !Inherits(s))
        {
            Parts.TrainingParts.Run(s, executor);
            return;
        }
        var found = Architecture.Parse(s.State.Architecture!);
        if (s.State.ControlArchitectures.Count == 0)
            s.State.ControlArchitectures = RetrainPhase.DrawControls(s, found, s.Config.Retrain.Controls);
        for (int i = s.State.Control; i < s.State.ControlArchitectures.Count; i++)
        {
            var control = Architecture.Parse(s.State.ControlArchitectures[i]);
            var acc = Inherits(s) ? InheritPhase.Test(s, control, ResultKey(i))
                : RetrainPhase.TrainFromScratch(s, ResultKey(i), control, i == s.State.Control ? resumed : null);
            s.State.Results.SetControl(i, acc);
            s.State.Control = i + 1;
            (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
            if (i + 1 < s.State.ControlArchitectures.Count) s.Checkpoint([]);
        }
    }
}
