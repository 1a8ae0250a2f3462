using BossNas.Core.Components;

namespace BossNas.Engine.Config;

/// <summary>
/// <c>[retrain]</c>: training from scratch in the <c>retrain</c> phase (the found architecture) and the <c>control</c>
/// phase (random architectures of similar cost), with the same budget and seed.
/// </summary>
public sealed class RetrainSection : OptimSection
{
    /// <summary>Random controls the control phase trains.</summary>
    [Help("random architectures of similar cost the control phase trains")]
    [Range(1, 100)]
    public int Controls { get; set; } = 3;

    /// <summary>Relative MAdds tolerance for the control.</summary>
    [Help("control: relative MAdds distance allowed from the found architecture")]
    [Range(0, 10)]
    public double ControlTolerance { get; set; } = 0.15;

    /// <summary>The points of the search's Pareto front the <c>front</c> phase retrains.</summary>
    [OmitWhenDefault]
    [Help("front phase: the points of the search's Pareto front (score against front_metric) retrained with controls, " +
          "from knee (farthest from the line between the ends), cheapest, best")]
    public List<string> FrontPoints { get; set; } = [.. Pipeline.FrontPoints.Names];

    /// <summary>Random controls of the same cost trained beside each front point.</summary>
    [OmitWhenDefault]
    [Help("front phase: random architectures of about the same front_metric trained beside each front point")]
    [Range(0, 100)]
    public int FrontControls { get; set; } = 1;

    /// <summary>The cost the front phase trades the score against and matches controls on ("": the last of <c>[pipeline] cost_metrics</c>).</summary>
    [OmitWhenDefault]
    [Help("front phase: the cost metric of the trade-off, which controls are matched on within control_tolerance; " +
          "empty: the last of [pipeline] cost_metrics (e.g. the latency a search was capped on)")]
    public string FrontMetric { get; set; } = "";

    /// <inheritdoc />
    public override IEnumerable<(string Key, string Message)> Validate()
    {
        foreach (var e in base.Validate()) yield return e;
        foreach (var p in FrontPoints.Where(p => !Pipeline.FrontPoints.Names.Contains(p)))
            yield return ("front_points", $"unknown front point '{p}'{Names.DidYouMean(p, Pipeline.FrontPoints.Names)}; known: {string.Join(", ", Pipeline.FrontPoints.Names)}");
        if (FrontPoints.Count == 0) yield return ("front_points", "name at least one point (knee, cheapest, best)");
        if (FrontPoints.Distinct().Count() != FrontPoints.Count) yield return ("front_points", "a point is listed twice");
    }
}
