using System.Globalization;
using System.Text;
using System.Text.Json;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Dna;

/// <summary>
/// DNA's search: every block's candidate paths are rated through the host (so they
/// are recorded in <c>ratings/</c>), one block after another with a checkpoint after each; then the best combination
/// of one path per block by summed score whose cost stays under the cap is found exactly by
/// <see cref="BudgetedCombination"/>, and the top k are written to <c>dna_top.csv</c>. Blocks are rated independently
/// of each other, which needs a space whose blocks keep their candidates and shapes whatever the others chose
/// (<see cref="ISearchSpace.BlockInterfacesFixed"/>); there a block's rating does not depend on the prefix, so blocks are
/// rated after the prefix of the space's smallest architecture. The cost of an architecture is the smallest
/// architecture's cost plus, per block, what its path adds over the smallest path; the result is checked against the
/// space's own cost and never exceeds the cap.
/// </summary>
[Component(ComponentKind.Searcher, "dna_budgeted", typeof(DnaBudgetedOptions),
    Description = "best combination of per-block ratings under a MAdds/params cap, exact branch and bound (DNA)")]
public sealed class DnaBudgetedSearcher : ISearcher
{
    /// <summary>Best combinations under the MAdds/params caps that a cap on another metric filters.</summary>
    private const int CandidatesUnderOtherCaps = 1000;

    private readonly DnaBudgetedOptions _options;
    private readonly CostLimits _limits;
    private Dictionary<int, List<(string Path, double Score)>> _rated = new();

    /// <summary>Creates the searcher.</summary>
    public DnaBudgetedSearcher(DnaBudgetedOptions options)
    {
        _options = options;
        _limits = CostLimits.FromOptions(options.MaxMadds, options.MaxParams, options.MaxLatencyMs, options.LatencyMetric);
    }

    /// <inheritdoc />
    public CostLimits Limits => _limits;

    /// <inheritdoc />
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy, IEvaluator evaluator)
    {
        if (!evaluator.Scope.HasFlag(RatingScope.BlockPaths))
            return $"dna_budgeted combines block ratings; {ComponentNames.Of(evaluator)} rates only whole architectures";
        if (!space.BlockInterfacesFixed)
            return "dna_budgeted rates every block on its own and combines them freely, which needs blocks whose candidates " +
                   "and shapes do not depend on the other blocks; this space's do";
        if (strategy is not null && strategy.PlanStages(space).Any(s => s.NeedsFixedPrefix))
            return $"{ComponentNames.Of(strategy)} trains blocks on top of fixed earlier blocks, which dna_budgeted does not fix";
        return null;
    }

    /// <inheritdoc />
    public Architecture Search(Architecture fixedPrefix, SearchContext context)
    {
        var space = context.Space;
        if (!context.LowerIsBetter) throw new InvalidOperationException("dna_budgeted sums losses; the evaluator's higher scores are better");
        var reference = space.Smallest(context.Input);
        var log = context.Run.Log;
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            if (_rated.ContainsKey(b)) continue;
            var prefix = reference.Prefix(b);
            var paths = _options.MaxPathsPerBlock > 0 && space.CandidatePaths(b, prefix).Count > _options.MaxPathsPerBlock
                ? space.SampleBlockPaths(b, prefix, _options.MaxPathsPerBlock, PathSampling.Uniform, context.Run.Rng["search"])
                : space.CandidatePaths(b, prefix);
            var ratings = context.RateBlock(b, prefix, paths);
            _rated[b] = ratings.Select(r => (r.Path!.ToString(), r.Score)).ToList();
            var top = ratings.OrderBy(r => r.Score).First();
            log.Info("dna_budgeted: block {Block}: rated {Count} paths, best {Path} ({Score:F4})", b, ratings.Count, top.Path, top.Score);
            context.Checkpoint();
        }

        var baseCost = context.Cost(reference);
        var blocks = new List<IReadOnlyList<BlockChoice>>();
        var pathsOf = new List<List<BlockPath>>();
        for (int b = 0; b < space.Blocks.Count; b++)
        {
            var list = new List<BlockChoice>();
            var ps = new List<BlockPath>();
            foreach (var (text, score) in _rated[b])
            {
                var path = BlockPath.Parse(text);
                var c = context.Cost(Replace(reference, b, path));
                list.Add(new BlockChoice(score, c.MAdds - baseCost.MAdds, c.Params - baseCost.Params));
                ps.Add(path);
            }
            blocks.Add(list);
            pathsOf.Add(ps);
        }

        // A few more than asked, in case the space's costs are not exactly additive and some exceed the cap; many more
        // under a cap on another metric (latency), which the branch and bound does not see and the filter below applies.
        var combos = BudgetedCombination.Best(blocks, baseCost.MAdds, baseCost.Params, _limits.MaxMAdds, _limits.MaxParams,
            _options.TopK + (_limits.Caps.Count > 0 ? CandidatesUnderOtherCaps : 16));
        var feasible = combos.Select(c => (Combination: c, Architecture: new Architecture(c.Choices.Select((i, b) => pathsOf[b][i]))))
            .Select(x => (x.Combination, x.Architecture, Cost: context.Cost(x.Architecture)))
            .Where(x => _limits.Allows(x.Architecture, context)).Take(_options.TopK).ToList();
        if (feasible.Count == 0)
            throw new InvalidOperationException($"dna_budgeted: no architecture fits the cap ({_limits})");
        WriteTop(context, feasible.Select(x => (x.Architecture, x.Combination.Score, x.Cost)).ToList());
        for (int i = 0; i < feasible.Count; i++)
        {
            var (combination, architecture, cost) = feasible[i];
            context.Record("dna_combination", new Dictionary<string, object?>
            {
                ["rank"] = i + 1, ["architecture"] = architecture.ToString(), ["score"] = combination.Score,
                ["madds"] = cost.MAdds, ["params"] = cost.Params,
            });
            log.Info("dna_budgeted: #{Rank} {Arch} summed loss {Score:F4}, {Cost}", i + 1, architecture, combination.Score, cost);
        }
        return feasible[0].Architecture;
    }

    /// <inheritdoc />
    public string? SaveState() => JsonSerializer.Serialize(_rated.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture),
        kv => kv.Value.Select(x => new RatedPath(x.Path, x.Score)).ToList()));

    /// <inheritdoc />
    public void LoadState(string state)
    {
        var saved = JsonSerializer.Deserialize<Dictionary<string, List<RatedPath>>>(state) ?? new();
        _rated = saved.ToDictionary(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value.Select(x => (x.Path, x.Score)).ToList());
    }

    private static Architecture Replace(Architecture architecture, int block, BlockPath path) =>
        new(architecture.Blocks.Select((p, b) => b == block ? path : p));

    private static void WriteTop(SearchContext context, IReadOnlyList<(Architecture Architecture, double Score, Cost Cost)> top)
    {
        var sb = new StringBuilder("rank,architecture,summed_loss,madds,params\n");
        for (int i = 0; i < top.Count; i++)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{i + 1},{top[i].Architecture},{top[i].Score:R},{top[i].Cost.MAdds:R},{top[i].Cost.Params}"));
        File.WriteAllText(Path.Combine(context.Run.RunFolder, "dna_top.csv"), sb.ToString());
    }

    // A rated path in the saved state.
    private sealed record RatedPath(string Path, double Score);
}
