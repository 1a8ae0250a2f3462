using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Engine.Pipeline;

namespace BossNas.Engine.Reports;

/// <summary>The report's head: the run, its components and data, and the found architecture with its layers.</summary>
internal static class RunSection
{
    public static void Write(StringBuilder sb, RunSession s)
    {
        var c = s.Config;
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"# BossNas run report: {c.Run.Name}");
        sb.AppendLine();
        sb.AppendLine(inv, $"Run folder `{s.Folder.Path}`, config `{c.Source}` (hash `{s.State.ConfigHash[..12]}`), seed {c.Run.Seed}, device {s.Device}.");
        sb.AppendLine();
        sb.AppendLine("| component | plugin |");
        sb.AppendLine("|---|---|");
        foreach (var kind in ComponentKinds.Selected.Where(c.Has)) sb.AppendLine(inv, $"| {kind.Section()} | `{c[kind].Plugin}` |");
        sb.AppendLine();
        sb.AppendLine(inv, $"Data: {s.Data.Source}: {s.Data.Train.Count} train, {s.Data.Val.Count} validation, {s.Data.Test.Count} test images, input {s.Input}.");
        if (c.Pipeline.Phases.Contains(PhaseNames.Supernet))
            sb.AppendLine(inv, $"Supernet training: {c.Train.Epochs} epoch(s) per stage, batch {c.Data.BatchSize}, {c.Train.Optimizer} lr {c.Train.Lr} ({c.Train.Schedule}).");
        else if (c.Pipeline.Phases.Contains(PhaseNames.Search)) sb.AppendLine("No supernet: the evaluator rates without one.");
        sb.AppendLine();

        if (s.State.Architecture is not { } archText) return;
        var arch = Architecture.Parse(archText);
        var space = s.Components.Space;
        sb.AppendLine("## Found architecture");
        sb.AppendLine();
        sb.AppendLine(inv, $"Encoding `{arch}` ({space.Cost(arch, s.Input)})");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine(space.Describe(arch));
        sb.AppendLine("```");
        sb.AppendLine();
    }
}
