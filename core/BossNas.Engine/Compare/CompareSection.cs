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

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Arms.Distinct(StringComparer.Ordinal).Count() != Arms.Count) yield return ("arms", "an arm is listed twice");
    }
}
