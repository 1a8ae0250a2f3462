using BossNas.Core.Components;

namespace BossNas.Plugins.Searchers;

/// <summary>Options of <see cref="EvolutionSearcher"/>; defaults from SPOS/BN-NAS <c>ea.py</c>.</summary>
public sealed class EvolutionOptions : IValidatableOptions, ISmokeProfile
{
    /// <summary>Architectures per generation (<c>population_num</c>: 50).</summary>
    [Help("architectures per generation (SPOS/BN-NAS population_num: 50)")]
    [Range(1, 100000)]
    public int Population { get; set; } = 50;

    /// <summary>Parents kept across generations, elitist (<c>select_num</c>: 10).</summary>
    [Help("top-k parents kept across generations, elitist (select_num: 10)")]
    [Range(1, 100000)]
    public int TopK { get; set; } = 10;

    /// <summary>Generations rated, the random first one included (<c>max_epochs</c>: 20).</summary>
    [Help("generations rated, the random first one included (max_epochs: 20)")]
    [Range(1, 100000)]
    public int Generations { get; set; } = 20;

    /// <summary>Mutants per generation (<c>mutation_num</c>: 25).</summary>
    [Help("mutants per generation (mutation_num: 25)")]
    [Range(0, 100000)]
    public int Mutations { get; set; } = 25;

    /// <summary>Crossovers per generation (<c>crossover_num</c>: 25).</summary>
    [Help("crossovers per generation (crossover_num: 25)")]
    [Range(0, 100000)]
    public int Crossovers { get; set; } = 25;

    /// <summary>Probability that a mutant redraws each gene (a layer's op) uniformly (<c>m_prob</c>: 0.1).</summary>
    [Help("per-gene probability that a mutant redraws the layer's op uniformly (m_prob: 0.1)")]
    [Range(0, 1)]
    public double MutationProbability { get; set; } = 0.1;

    /// <summary>Proposals per wanted child before giving up (the public code: 10 × mutation_num / crossover_num).</summary>
    [Help("proposals per wanted mutant or crossover before giving up (ea.py: 10)")]
    [Range(1, 100000)]
    public int AttemptsPerChild { get; set; } = 10;

    /// <summary>Random draws per wanted random architecture before the generation stays short.</summary>
    [Help("random draws per wanted random architecture before the generation stays short")]
    [Range(1, 1000000)]
    public int RandomAttempts { get; set; } = 1000;

    /// <summary>Upper bound on MAdds, checked before rating (0 = none; BN-NAS: 475e6, SPOS: 330e6 at 224 px).</summary>
    [Help("MAdds cap checked before rating (0 = none; BN-NAS 475e6, SPOS 330e6 on ImageNet)")]
    [Range(0, 1e18)]
    public double MaxMAdds { get; set; }

    /// <summary>Upper bound on parameters, checked before rating (0 = none).</summary>
    [Help("parameter cap checked before rating (0 = none)")]
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

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (TopK > Population) yield return ("top_k", $"cannot keep {TopK} parents of a population of {Population}");
        if (Mutations + Crossovers > Population)
            yield return ("mutations", $"{Mutations} mutants + {Crossovers} crossovers exceed the population of {Population}");
    }

    /// <summary>A population of 6 over 3 generations.</summary>
    public void UseSmokeProfile()
    {
        Population = 6;
        TopK = 3;
        Generations = 3;
        Mutations = 2;
        Crossovers = 2;
        MutationProbability = 0.3;
    }
}
