namespace BossNas.Engine.Checkpoints;

/// <summary>
/// A point of the search's Pareto front the <c>front</c> phase trains (knee, cheapest or best end), with its rating, its
/// cost on the front's metric, and the random controls of about that cost trained beside it. Accuracies stay null until
/// tested; the found architecture, when it is the point, keeps the retrain phase's accuracy.
/// </summary>
internal sealed class FrontPointRecord
{
    /// <summary>Which point: knee, cheapest or best.</summary>
    public string Point { get; set; } = "";

    /// <summary>The point's architecture.</summary>
    public string Architecture { get; set; } = "";

    /// <summary>Its score from the search.</summary>
    public double Score { get; set; }

    /// <summary>Its cost on the front's metric.</summary>
    public double Cost { get; set; }

    /// <summary>Test accuracy once trained.</summary>
    public double? Accuracy { get; set; }

    /// <summary>The controls' architectures.</summary>
    public List<string> Controls { get; set; } = new();

    /// <summary>The controls' costs on the front's metric.</summary>
    public List<double> ControlCosts { get; set; } = new();

    /// <summary>The controls' test accuracies, by index (null until trained).</summary>
    public List<double?> ControlAccuracies { get; set; } = new();
}
