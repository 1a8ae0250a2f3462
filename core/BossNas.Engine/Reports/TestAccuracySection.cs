using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Engine.Correlation;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Reports;

/// <summary>
/// The report's test accuracies: the teacher, the found architecture (retrained or with inherited weights) and the random
/// controls of similar cost, with the found one's margin over the controls in their standard deviations.
/// </summary>
internal static class TestAccuracySection
{
    public static void Write(StringBuilder sb, RunSession s)
    {
        var c = s.Config;
        var results = s.State.Results;
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine("## Test accuracy");
        sb.AppendLine();
        if (!results.Any)
        {
            sb.AppendLine("Not run (the pipeline has no retrain, inherit or control phase).");
            sb.AppendLine();
            return;
        }
        sb.AppendLine("| architecture | encoding | MAdds | params | test accuracy |");
        sb.AppendLine("|---|---|---|---|---|");
        if (File.Exists(s.Folder.File(TeacherState.Name + ".json")))
            Row(sb, s, "teacher", TrainedNetwork.Describe(s.Folder.Path, TeacherState.Name).Architecture, results.Teacher);
        Row(sb, s, "found", s.State.Architecture, results.Retrain);
        Row(sb, s, "found, inherited weights", s.State.Architecture, results.Inherit);
        if (results.Largest is not null || results.Smallest is not null)
        {
            var space = s.Components.Space;
            Row(sb, s, "largest (MAX), inherited weights", space.Largest(s.Input).ToString(), results.Largest);
            Row(sb, s, "smallest (MIN), inherited weights", space.Smallest(s.Input).ToString(), results.Smallest);
        }
        for (int i = 0; i < s.State.ControlArchitectures.Count; i++)
            Row(sb, s, s.State.ControlArchitectures.Count == 1 ? "random control" : $"random control {i + 1}",
                s.State.ControlArchitectures[i], results.Control(i));
        sb.AppendLine();
        if (results.Teacher is not null)
            sb.AppendLine(inv, $"The teacher was {(c.Teacher.From.Length > 0 ? $"loaded from `{c.Teacher.From}`" : $"trained {c.Teacher.Epochs} epoch(s) with {c.Teacher.Optimizer} lr {c.Teacher.Lr}")}.");
        sb.AppendLine(ControlPhase.Inherits(s)
            ? string.Format(inv, "Tested with supernet weights after BN recalibration, no training; a control is a random architecture of " +
                                 "similar MAdds (tolerance {0:P0}) tested the same way.", c.Retrain.ControlTolerance)
            : string.Format(inv, "Retrained {0} epoch(s){4} with {1} lr {2}, same seed; a control is a random architecture of similar MAdds " +
                                 "(tolerance {3:P0}).", c.Retrain.Epochs, c.Retrain.Optimizer, c.Retrain.Lr, c.Retrain.ControlTolerance,
                c.Retrain.MinSteps > 0 ? string.Format(inv, " (more where fewer than {0} steps)", c.Retrain.MinSteps) : ""));
        var controls = Enumerable.Range(0, s.State.ControlArchitectures.Count).Select(i => results.Control(i) ?? double.NaN)
            .Where(double.IsFinite).ToList();
        var found = results.Retrain ?? (ControlPhase.Inherits(s) ? results.Inherit : null);
        if (found is { } f && controls.Count > 0) sb.AppendLine(Margin(f, controls));
        sb.AppendLine();
    }

    /// <summary>The found accuracy against the controls: the difference, and for several controls their mean ± sd and the margin in sds.</summary>
    public static string Margin(double found, IReadOnlyList<double> controls)
    {
        var inv = CultureInfo.InvariantCulture;
        double mean = controls.Average();
        double std = controls.Count > 1 ? SampleStats.Std(controls) : 0;
        string line = controls.Count == 1
            ? string.Format(inv, "Difference found − control: {0:+0.00;-0.00} points.", (found - mean) * 100)
            : string.Format(inv, "Found {0:F2} % against controls {1:F2} ± {2:F2} % (mean ± std of {3}): {4:+0.00;-0.00} points.",
                found * 100, mean * 100, std * 100, controls.Count, (found - mean) * 100);
        if (controls.Count > 1 && std > 0)
            line += string.Format(inv, " The margin is {0:+0.0;-0.0} standard deviations of the controls.", (found - mean) / std);
        return line;
    }

    private static void Row(StringBuilder sb, RunSession s, string label, string? arch, double? accuracy)
    {
        if (arch is null || accuracy is not { } acc) return;
        var a = Architecture.Parse(arch);
        var cost = s.Components.Space.Cost(a, s.Input);
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| {label} | `{ReportWriter.Escape(a.ToString())}` | {Cost.Human(cost.MAdds)} | {Cost.Human(cost.Params)} | {acc.ToString("P2", CultureInfo.InvariantCulture)} |");
    }
}
