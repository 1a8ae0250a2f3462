using System.ComponentModel;
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
internal sealed class PlanCommand : BossNasCommand<ConfigSettings>
{
    private const int CostSamples = 2000;

    /// <inheritdoc/>
    protected override int Run(ConfigSettings settings, CancellationToken cancellationToken)
    {
        var path = Hosting.RequireFile(settings.Config);
        var source = ConfigSource.Read(path, settings.Sets);
        using var host = Hosting.For(source);
        var config = source.Bind(host, source.IntendedUse);
        var set = ComponentSet.Create(config, host);
        var input = DatasetShapes.Of(config.Data, config.ResolvePath);
        var space = set.Space;
        Console.WriteLine($"search space  {config[Core.Components.ComponentKind.SearchSpace].Plugin}  for {input}");
        Console.WriteLine($"architectures {space.CountArchitectures():N0}");
        var rng = new SeededRandom((ulong)config.Run.Seed);
        var prefix = Architecture.Empty;
        foreach (var block in space.Blocks)
        {
            var first = space.CandidatePaths(block.Index, prefix);
            Console.WriteLine($"block {block.Index}: {block.Layers} layers, {first.Count} candidates after prefix '{prefix}'" +
                              $" (ops per layer: {string.Join(",", block.ChoiceNames.Select(c => c.Count))})");
            prefix = prefix.Append(first[rng.Next(first.Count)]);
        }
        var costs = Enumerable.Range(0, CostSamples).Select(_ => space.Cost(space.SampleArchitecture(rng), input)).ToList();
        Console.WriteLine($"cost over {CostSamples} random architectures: MAdds {Cost.Human(costs.Min(c => c.MAdds))}..{Cost.Human(costs.Max(c => c.MAdds))}, " +
                          $"params {Cost.Human(costs.Min(c => c.Params))}..{Cost.Human(costs.Max(c => c.Params))}");
        foreach (var (name, arch) in space.NamedArchitectures)
            Console.WriteLine($"named {name}: {arch}  {space.Cost(arch, input)}");
        if (set.StrategyOrNull is { } strategy)
            Console.WriteLine($"stages: {string.Join(", ", strategy.PlanStages(space).Select(s => s.Name))}; {config.Train.Epochs} epoch(s) each");
        else Console.WriteLine("no supernet stages: the config selects no supervision strategy");
        foreach (var (phase, produces) in PhaseNames.Describe(config.Pipeline.Phases))
            Console.WriteLine($"phase {phase}: {produces}");
        return ExitCodes.Ok;
    }
}
