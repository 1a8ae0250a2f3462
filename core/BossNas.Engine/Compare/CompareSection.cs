using BossNas.Core.Components;

namespace BossNas.Engine.Compare;

/// <summary><c>[compare]</c>: what every arm shares beyond the run config.</summary>
public sealed class CompareSection : IValidatableOptions
{
    /// <summary>The ground-truth table every arm's evaluator rates.</summary>
    [Help("ground-truth table (benchmark.csv) every arm's evaluator rates with its trained supernet; relative to this file")]
    public string Benchmark { get; set; } = "";

    /// <summary>Seeds per arm (overridden by --seeds).</summary>
    [Help("seeds per arm: seed, seed+1, ... (--seeds overrides)")]
    [Range(1, 100)]
    public int Seeds { get; set; } = 1;

    /// <summary>The first seed.</summary>
    [Help("the first seed")]
    public long Seed { get; set; }

    /// <summary>The arms to run (default: all, in declaration order; --arms overrides).</summary>
    [Help("arms to run, in order (default: every [arms.<name>] in declaration order; --arms overrides)")]
    public List<string> Arms { get; set; } = new();

    /// <summary>Supernet budgets: multiples of each arm's <c>[train] epochs</c>; one arm run per budget and seed.</summary>
    [Help("supernet budgets as multiples of each arm's [train] epochs (a budget curve: e.g. [0.5, 1, 2, 4]); an arm's own " +
          "[arms.<name>.compare] budget_scales replaces it for that arm")]
    public List<double> BudgetScales { get; set; } = new() { 1.0 };

    /// <summary>Whether the arms retrain and test what they found (false: ratings only, for budget curves).</summary>
    [Help("false leaves out the retrain, inherit and control phases of every arm: only the supernet, its ratings of the " +
          "benchmark and the report (a budget curve of ratings)")]
    public bool Retrain { get; set; } = true;

    /// <summary>The costs each arm's front over the benchmark is drawn and scored against.</summary>
    [Help("cost metrics each arm's Pareto front over the benchmark is formed against (rating against cost) and scored on " +
          "(hypervolume of its architectures' true accuracies against the benchmark's true front): madds, params, " +
          "latency_predicted_ms, latency_ms or a plugin's")]
    public List<string> FrontMetrics { get; set; } = new() { Core.Costs.CostMetricNames.MAdds };

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (FrontMetrics.Distinct(StringComparer.Ordinal).Count() != FrontMetrics.Count) yield return ("front_metrics", "a metric is listed twice");
        if (BudgetScales.Count == 0) yield return ("budget_scales", "at least one budget");
        if (BudgetScales.Any(b => !(b > 0))) yield return ("budget_scales", "budgets are positive multiples of [train] epochs");
        if (BudgetScales.Distinct().Count() != BudgetScales.Count) yield return ("budget_scales", "a budget is listed twice");
        if (Arms.Distinct(StringComparer.Ordinal).Count() != Arms.Count) yield return ("arms", "an arm is listed twice");
    }
}
