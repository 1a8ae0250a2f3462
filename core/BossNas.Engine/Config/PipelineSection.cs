using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary><c>[pipeline]</c>: the phases of a run, in order. Each resumes from the run folder's checkpoints.</summary>
public sealed class PipelineSection : IValidatableOptions
{
    /// <summary>The phases of the run.</summary>
    [Help("phases in order, from: teacher (train the teacher of a distilling strategy with [teacher], or load one " +
          "from `bossnas train`), supernet (train the supernet; block-wise searchers act at stage ends), search " +
          "(the searcher picks the architecture), retrain (train it from scratch with [retrain], test it), inherit " +
          "(test it with supernet weights after BN recalibration), control (random architectures of similar cost " +
          "trained like retrain), front (the knee and ends of the search's Pareto front trained like retrain, each with " +
          "controls of about the same cost; [retrain] front_points, front_controls, front_metric), report")]
    public List<string> Phases { get; set; } =
        new() { Pipeline.PhaseNames.Supernet, Pipeline.PhaseNames.Search, Pipeline.PhaseNames.Retrain, Pipeline.PhaseNames.Control, Pipeline.PhaseNames.Report };

    /// <summary>A ground-truth benchmark table whose architectures the search phase also rates.</summary>
    [Help("a ground-truth table (benchmark.csv of `bossnas benchmark`, or any architecture,accuracy CSV): after the search, " +
          "the evaluator rates its architectures with the trained supernet and the report gives Kendall tau, Spearman rho, " +
          "Pearson r and top-10 % precision against it; empty: none")]
    public string Benchmark { get; set; } = "";

    /// <summary>Whether ratings are repeated on independent rating data to measure how reproducible they are.</summary>
    [Help("rate a second time on independent rating data (the next validation images, other views and calibration batches) " +
          "and report Kendall tau between the two passes: per block at stage ends, and over the benchmark")]
    public bool Reliability { get; set; }

    /// <summary>Whether the inherit phase also tests the space's largest and smallest architectures (BigNAS's MAX and MIN).</summary>
    [Help("the inherit phase also tests the space's largest and smallest architectures (BigNAS's MAX and MIN) with supernet " +
          "weights after BN recalibration, no training, next to the found architecture; needs the inherit phase")]
    public bool InheritExtremes { get; set; }

    /// <summary>The cost metrics every rating, rating file, Pareto front and report carries, in this order.</summary>
    [Help("cost metrics recorded with every rating (columns of ratings/*.csv, objectives of the Pareto front and of nsga2), " +
          "by registered name: madds, params, or a plugin's")]
    public List<string> CostMetrics { get; set; } = Core.Costs.CostMetricNames.Defaults.ToList();

    /// <summary>Whether <see cref="CostMetrics"/> is the default list (the resolved config then leaves it out, keeping its hash).</summary>
    public bool DefaultCostMetrics => CostMetrics.SequenceEqual(Core.Costs.CostMetricNames.Defaults);

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        foreach (var m in Pipeline.PhaseCatalog.Check(Phases)) yield return ("phases", m);
        if (InheritExtremes && !Phases.Contains(Pipeline.PhaseNames.Inherit))
            yield return ("inherit_extremes", $"the largest and smallest architectures are tested in the '{Pipeline.PhaseNames.Inherit}' phase: add it to phases");
        if (CostMetrics.Count == 0) yield return ("cost_metrics", "name at least one cost metric (default [\"madds\", \"params\"])");
        foreach (var twice in CostMetrics.GroupBy(n => n).Where(g => g.Count() > 1))
            yield return ("cost_metrics", $"'{twice.Key}' is listed {twice.Count()} times");
    }

    /// <summary>The phase after <paramref name="phase"/>, or <c>done</c>.</summary>
    public string After(string phase)
    {
        int i = Phases.IndexOf(phase);
        return i >= 0 && i + 1 < Phases.Count ? Phases[i + 1] : Pipeline.PhaseNames.Done;
    }
}
