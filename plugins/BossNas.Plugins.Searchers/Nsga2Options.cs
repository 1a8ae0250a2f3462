using BossNas.Core.Components;

namespace BossNas.Plugins.Searchers;

/// <summary>Options of <see cref="Nsga2Searcher"/>; defaults of Optuna's NSGA-II sampler where it has them.</summary>
public sealed class Nsga2Options : ISmokeProfile
{
    /// <summary>Architectures per generation, parents and offspring alike (Optuna's <c>population_size</c>: 50).</summary>
    [Help("architectures per generation: the parent population and each generation's offspring (Optuna population_size: 50)")]
    [Range(2, 100000)]
    public int Population { get; set; } = 50;

    /// <summary>Generations of offspring rated, the random first population included.</summary>
    [Help("generations rated, the random first population included")]
    [Range(1, 100000)]
    public int Generations { get; set; } = 20;

    /// <summary>Probability that a child is the uniform crossover of its two parents rather than a copy of the first (0.9).</summary>
    [Help("probability that a child is the uniform crossover of two tournament winners rather than a copy of the first (Deb; Optuna: 0.9)")]
    [Range(0, 1)]
    public double CrossoverProbability { get; set; } = 0.9;

    /// <summary>Per-gene probability that a child's op is redrawn uniformly; 0 = 1 / the number of genes (Optuna's default).</summary>
    [Help("per-gene probability that a child's layer op is redrawn uniformly; 0 = 1 / number of layers (Optuna's default)")]
    [Range(0, 1)]
    public double MutationProbability { get; set; }

    /// <summary>Proposals per wanted child before the generation is filled with random architectures.</summary>
    [Help("proposals per wanted child (valid, never proposed before) before the rest of the generation is drawn at random")]
    [Range(1, 100000)]
    public int AttemptsPerChild { get; set; } = 10;

    /// <summary>Random draws per wanted random architecture before the generation stays short.</summary>
    [Help("random draws per wanted random architecture before the generation stays short")]
    [Range(1, 1000000)]
    public int RandomAttempts { get; set; } = 1000;

    /// <summary>Upper bound on MAdds, a constraint of constrained domination (0 = none).</summary>
    [Help("MAdds cap (0 = none): an architecture over it is infeasible, never rated, ranked by how far over it is (constrained domination)")]
    [Range(0, 1e18)]
    public double MaxMAdds { get; set; }

    /// <summary>Upper bound on parameters, a constraint of constrained domination (0 = none).</summary>
    [Help("parameter cap (0 = none), a constraint like max_madds")]
    [Range(0, 1e18)]
    public double MaxParams { get; set; }

    /// <summary>Upper bound on latency in milliseconds on <see cref="LatencyMetric"/> (0 = none).</summary>
    [OmitWhenDefault]
    [Help("latency cap in ms (0 = none) on latency_metric, which [pipeline] cost_metrics must list")]
    [Range(0, 1e9)]
    public double MaxLatencyMs { get; set; }

    /// <summary>The cost metric <see cref="MaxLatencyMs"/> caps: the predicted latency (a table lookup) or the measured one.</summary>
    [OmitWhenDefault]
    [Help("the metric max_latency_ms caps: latency_predicted_ms (a table lookup per candidate) or latency_ms (each candidate run)")]
    public string LatencyMetric { get; set; } = BossNas.Core.Costs.CostMetricNames.LatencyPredicted;

    /// <summary>A population of 6 over 3 generations.</summary>
    public void UseSmokeProfile()
    {
        Population = 6;
        Generations = 3;
    }
}
