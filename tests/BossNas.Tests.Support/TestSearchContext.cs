using BossNas.Core.Architectures;
using BossNas.Core.Costs;
using BossNas.Core.Evaluation;
using BossNas.Core.Context;
using BossNas.Core.Searching;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Tests.Support;

/// <summary>
/// A <see cref="SearchContext"/> without a run: rates straight through an evaluator, costs filled in (the analytic pair
/// and every cost metric, by default MAdds and params), checkpoints counted.
/// </summary>
public sealed class TestSearchContext(ISearchSpace space, InputShape input, IEvaluator evaluator, EvaluationContext? evaluation = null,
    RunContext? run = null, IReadOnlyList<(string Name, ICostMetric Metric)>? costMetrics = null) : SearchContext
{
    private readonly EvaluationContext _evaluation = evaluation ?? new EvaluationContext(space, input, null!, null!, run ?? RunContext.ForTests());

    private readonly IReadOnlyList<(string Name, ICostMetric Metric)> _metrics =
        costMetrics ?? [(CostMetricNames.MAdds, new MAddsMetric()), (CostMetricNames.Params, new ParamsMetric())];

    /// <summary>Checkpoints asked for.</summary>
    public int Checkpoints { get; private set; }

    /// <inheritdoc />
    public override ISearchSpace Space => space;

    /// <inheritdoc />
    public override InputShape Input => input;

    /// <inheritdoc />
    public override ISupervisionStrategy? Strategy => _evaluation.Strategy;

    /// <inheritdoc />
    public override RunContext Run => _evaluation.Run;

    /// <inheritdoc />
    public override bool LowerIsBetter => evaluator.LowerIsBetter;

    /// <inheritdoc />
    public override IReadOnlyList<CostMetricInfo> CostMetrics => _metrics.Select(m => CostMetricInfo.Of(m.Name, m.Metric)).ToList();

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Costs(Architecture architecture) =>
        _metrics.ToDictionary(m => m.Name, m => m.Metric.Compute(space, architecture, input));

    /// <inheritdoc />
    public override IReadOnlyList<Rating> RateBlock(int block, Architecture prefix, IReadOnlyList<BlockPath> candidates) =>
        evaluator.RateBlock(block, prefix, candidates, _evaluation)
            .Select(r => r with
            {
                Cost = r.Cost ?? CheapestCompletion.Of(space, input, prefix.Append(r.Path!)),
                Costs = Costs(CheapestCompletion.Complete(space, input, prefix.Append(r.Path!))),
            }).ToList();

    /// <inheritdoc />
    public override IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates) =>
        evaluator.RateArchitectures(candidates, _evaluation)
            .Select(r => r with { Cost = r.Cost ?? space.Cost(r.Candidate.Architecture, input), Costs = Costs(r.Candidate.Architecture) }).ToList();

    /// <inheritdoc />
    public override void Checkpoint() => Checkpoints++;
}
