using System.ComponentModel;
using BossNas.Cli.Json;
using BossNas.Cli.Settings;
using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Engine;
using BossNas.Engine.Config;
using BossNas.Engine.Data;
using BossNas.Engine.Pipeline;

namespace BossNas.Cli.Commands;

/// <summary><c>bossnas plan</c>: what a config would search: space size, per-block candidates, cost range, stages.</summary>
[Description("Shows what a config would search")]
internal sealed class PlanCommand : BossNasCommand<ValidateSettings>
{
    private const int CostSamples = 2000;

    /// <inheritdoc/>
    protected override int Run(ValidateSettings settings, CancellationToken cancellationToken)
    {
        var plan = Plan(settings);
        if (settings.Json) CliJson.Print(plan);
        else PrintText(plan);
        return ExitCodes.Ok;
    }

    // The figures both outputs show, computed once.
    private static PlanJson Plan(ValidateSettings settings)
    {
        var path = Hosting.RequireFile(settings.Config);
        var source = ConfigSource.Read(path, settings.Sets);
        using var host = Hosting.For(source);
        var config = source.Bind(host, source.IntendedUse);
        var set = ComponentSet.Create(config, host);
        var input = DatasetShapes.Of(config.Data, config.ResolvePath);
        var space = set.Space;
        var rng = new SeededRandom((ulong)config.Run.Seed);
        var prefix = Architecture.Empty;
        var blocks = new List<PlanJson.Block>();
        foreach (var block in space.Blocks)
        {
            var first = space.CandidatePaths(block.Index, prefix);
            blocks.Add(new PlanJson.Block(block.Index, block.Layers, first.Count, prefix.ToString(), block.ChoiceNames.Select(c => c.Count).ToList()));
            prefix = prefix.Append(first[rng.Next(first.Count)]);
        }
        var costs = Enumerable.Range(0, CostSamples).Select(_ => space.Cost(space.SampleArchitecture(rng), input)).ToList();
        var range = new PlanJson.CostRange(CostSamples, costs.Min(c => c.MAdds), costs.Max(c => c.MAdds), costs.Min(c => c.Params), costs.Max(c => c.Params));
        var named = space.NamedArchitectures.Select(n =>
        {
            var cost = space.Cost(n.Value, input);
            return new PlanJson.Named(n.Key, n.Value.ToString(), cost.MAdds, cost.Params);
        }).ToList();
        var stages = set.StrategyOrNull?.PlanStages(space).Select(s => s.Name).ToList();
        var phases = PhaseNames.Describe(config.Pipeline.Phases).Select(p => new PlanJson.Phase(p.Phase, p.Produces)).ToList();
        return new PlanJson(config[Core.Components.ComponentKind.SearchSpace].Plugin, input.ToString(), space.CountArchitectures(), blocks, range,
            named, stages, config.Train.Epochs, phases);
    }

    private static void PrintText(PlanJson plan)
    {
        Console.WriteLine($"search space  {plan.Space}  for {plan.Input}");
        Console.WriteLine($"architectures {plan.Architectures:N0}");
        foreach (var b in plan.Blocks)
            Console.WriteLine($"block {b.Index}: {b.Layers} layers, {b.Candidates} candidates after prefix '{b.Prefix}'" +
                              $" (ops per layer: {string.Join(",", b.OpsPerLayer)})");
        var c = plan.Cost;
        Console.WriteLine($"cost over {c.Samples} random architectures: MAdds {Cost.Human(c.MinMAdds)}..{Cost.Human(c.MaxMAdds)}, " +
                          $"params {Cost.Human(c.MinParams)}..{Cost.Human(c.MaxParams)}");
        foreach (var n in plan.NamedArchitectures)
            Console.WriteLine($"named {n.Name}: {n.Architecture}  {new Cost(n.MAdds, n.Params)}");
        if (plan.Stages is { } stages)
            Console.WriteLine($"stages: {string.Join(", ", stages)}; {plan.EpochsPerStage} epoch(s) each");
        else Console.WriteLine("no supernet stages: the config selects no supervision strategy");
        foreach (var p in plan.Phases)
            Console.WriteLine($"phase {p.Name}: {p.Produces}");
    }
}
