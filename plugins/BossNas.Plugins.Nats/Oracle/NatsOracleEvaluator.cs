using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.Nats.Oracle;

/// <summary>
/// An accuracy oracle for the NATS size space: a candidate path of block b, given the fixed prefix, scores the mean
/// ground-truth accuracy of all complete architectures that extend prefix + candidate (for the last block, the
/// architecture's own accuracy). Higher is better. It ignores the trained supernet, so it works with any strategy and
/// shows what a perfect rating would pick; with a searcher it gives the best-achievable greedy result.
/// </summary>
[Component(ComponentKind.Evaluator, "nats_oracle", typeof(NatsOracleOptions),
    Description = "rates nats candidates by the mean ground-truth accuracy of their completions")]
public sealed class NatsOracleEvaluator : IEvaluator
{
    private readonly NatsOracleOptions _options;
    private readonly Lazy<NatsAccuracyTable> _table;

    /// <summary>Creates the evaluator; the file is read on first use.</summary>
    public NatsOracleEvaluator(NatsOracleOptions options)
    {
        _options = options;
        _table = new Lazy<NatsAccuracyTable>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public bool LowerIsBetter => false;

    /// <inheritdoc />
    public RatingScope Scope => RatingScope.BlockPaths | RatingScope.Architectures;

    /// <inheritdoc />
    /// <remarks>False: the table rates, so a run needs no supernet phase and no strategy.</remarks>
    public bool NeedsSupernet => false;

    /// <summary>Any strategy or none; the space must be <c>nats</c> with NATS-Bench's 8 widths, which the accuracy file lists.</summary>
    public string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) =>
        space is not NatsSpace nats
            ? $"nats_oracle rates the nats space only, not {ComponentNames.Of(space)}"
            : !nats.Widths.SequenceEqual(NatsOptions.NatsWidths)
                ? $"nats_oracle needs the NATS-Bench widths [{string.Join(", ", NatsOptions.NatsWidths)}]; the space has [{string.Join(", ", nats.Widths)}]"
                : null;

    /// <summary>An architecture's own ground-truth accuracy.</summary>
    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context)
    {
        var space = Space(context);
        var table = _table.Value;
        return candidates.Select(a =>
        {
            var (accuracy, n) = table.MeanExtending(NatsSpace.LayerChoices(a));
            if (n == 0) throw new InvalidOperationException($"{table.Path} does not list '{space.WidthString(a)}'");
            return Rating.ForArchitecture(a, accuracy, space.Cost(a, context.Input));
        }).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates,
        EvaluationContext context)
    {
        var space = Space(context);
        if (prefix.Blocks.Count != block || space.Validate(prefix, allowPartial: true) is not null)
            throw new ArgumentException($"block {block} needs a valid prefix of {block} blocks, got '{prefix}'", nameof(prefix));

        var table = _table.Value;
        var ratings = new List<Rating>(candidates.Count);
        foreach (var path in candidates)
        {
            var arch = prefix.Append(path);
            if (space.Validate(arch, allowPartial: true) is { } reason)
                throw new ArgumentException($"candidate '{path}' of block {block}: {reason}", nameof(candidates));
            var leading = arch.Blocks.SelectMany(b => b.Ops).ToArray();
            var (mean, n) = table.MeanExtending(leading);
            if (n == 0)
                throw new InvalidOperationException($"{table.Path} lists no architecture extending '{arch}'");
            var cheapest = space.FromChoices(leading.Concat(new int[NatsLayout.LayerCount - leading.Length]).ToArray());
            ratings.Add(Rating.ForBlock(block, prefix, path, mean, space.Cost(cheapest, context.Input)));
        }
        return ratings;
    }

    private NatsSpace Space(EvaluationContext context) =>
        CheckCompatible(context.Space, context.Strategy) is { } why ? throw new InvalidOperationException(why) : (NatsSpace)context.Space;

    private NatsAccuracyTable Load()
    {
        var table = NatsAccuracyTable.Load(_options.Path, NatsOptions.NatsWidths);
        if (!_options.AllowPartial && table.FirstMissing() is { } missing)
            throw new InvalidOperationException(
                $"{table.Path} lists {table.Count} of the {table.SpaceSize} architectures (e.g. no " +
                $"{string.Join(':', missing.Select(i => NatsOptions.NatsWidths[i]))}); set allow_partial = true to average over the listed ones");
        return table;
    }
}
