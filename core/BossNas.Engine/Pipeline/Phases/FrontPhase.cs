using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Costs;
using BossNas.Core.Pareto;
using BossNas.Engine.Checkpoints;
using NLog;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The <c>front</c> phase: the trade-off measured rather than rated. From the search's Pareto front of score against one
/// cost metric (<c>[retrain] front_metric</c>, by default the last configured one, e.g. the latency a search was capped
/// on) it trains the knee and the two ends from scratch with the <c>[retrain]</c> budget, each beside
/// <c>front_controls</c> random architectures of about the same cost on that metric, so a user sees what each point of
/// the front is worth against chance at its cost. A point that is the found architecture keeps the retrain phase's
/// accuracy. Networks train one after the other in this process (not as parts) and resume like the control phase.
/// </summary>
internal sealed class FrontPhase : IPhase
{
    private static readonly Logger Log = LogManager.GetLogger(PhaseNames.Front);

    /// <inheritdoc />
    public string Name => PhaseNames.Front;

    /// <inheritdoc />
    public IReadOnlyList<ComponentKind> Roles { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<PhaseNeed> Needs { get; } = [new(PhaseNames.Search, "it trains points of the search's Pareto front")];

    /// <inheritdoc />
    public string Produces => "networks/front_<point>*.bin (the knee and ends of the Pareto front and controls of their cost, trained from scratch), their test accuracies";

    /// <summary>The metric the front phase of <paramref name="s"/> trades the score against.</summary>
    public static string MetricOf(RunSession s) =>
        s.Config.Retrain.FrontMetric.Length > 0 ? s.Config.Retrain.FrontMetric : s.Components.CostMetrics.Names[^1];

    /// <summary>The task name a front network trains under: <c>front_knee</c>, <c>front_knee_control2</c>, ...</summary>
    public static string TaskName(string point, int control) => control < 0 ? $"front_{point}" : $"front_{point}_control{control + 1}";

    /// <inheritdoc />
    public void Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed)
    {
        if (s.State.FrontPoints.Count == 0 && s.State.FrontMetric.Length == 0)
        {
            s.State.FrontMetric = MetricOf(s);
            s.State.FrontPoints = Choose(s, s.State.FrontMetric);
            s.Checkpoint([]);
        }
        var tasks = s.State.FrontPoints.SelectMany(p => Enumerable.Range(-1, p.Controls.Count + 1).Select(c => (Point: p, Control: c))).ToList();
        int first = s.State.FrontTask;
        for (int i = first; i < tasks.Count; i++)
        {
            var (point, control) = tasks[i];
            if (control < 0 && point.Architecture == s.State.Architecture && s.State.Results.Retrain is { } retrained)
                point.Accuracy = retrained;
            // One architecture may be two points (the ends of a one-point front): trained once.
            else if (control < 0 && s.State.FrontPoints.FirstOrDefault(p => p.Architecture == point.Architecture && p.Accuracy is not null) is { } same)
                point.Accuracy = same.Accuracy;
            else
            {
                var arch = Architecture.Parse(control < 0 ? point.Architecture : point.Controls[control]);
                double acc = RetrainPhase.TrainFromScratch(s, TaskName(point.Point, control), arch, i == first ? resumed : null);
                if (control < 0) point.Accuracy = acc;
                else point.ControlAccuracies[control] = acc;
            }
            s.State.FrontTask = i + 1;
            (s.State.Epoch, s.State.StepInEpoch, s.State.Step) = (0, 0, 0);
            if (i + 1 < tasks.Count) s.Checkpoint([]);
        }
    }

    /// <summary>The wanted points of the front of everything the search rated, each with controls of about its cost.</summary>
    private static List<FrontPointRecord> Choose(RunSession s, string metric)
    {
        var info = s.Components.CostMetrics.Infos.First(i => i.Name == metric);
        // Only architectures with a finite cost on the metric can be placed on its front.
        var rated = ParetoFrontFile.Rated(s).Where(r => r.Value(metric) is { } v && double.IsFinite(v)).ToList();
        bool lower = s.Components.Evaluator.LowerIsBetter;
        var front = ParetoFrontFile.Front(rated, lower, s.Components.CostMetrics.Only(metric));
        // FrontPoints takes costs to minimise: a metric where higher is better is negated.
        var picked = FrontPoints.Pick(front.Select(r => (Objectives.Minimised(r.Value(metric)!.Value, info.LowerIsBetter), r.Score)).ToList(),
            lower, s.Config.Retrain.FrontPoints);
        Log.Info("Front of score against {Metric}: {N} of {Rated} rated architectures; training {Points}", metric, front.Count, rated.Count,
            string.Join(", ", picked.Select(p => $"{p.Name} {front[p.Index].Architecture}")));
        // A measured metric runs every draw: fewer draws than for a computed or looked-up one.
        int draws = info.Kind == CostKind.Measured ? 40 : 500;
        var rng = s.Context.Rng[PhaseNames.Front];
        var taken = new HashSet<string>(picked.Select(p => front[p.Index].Architecture));
        var points = new List<FrontPointRecord>();
        foreach (var (name, index) in picked)
        {
            var r = front[index];
            var target = Architecture.Parse(r.Architecture);
            var record = new FrontPointRecord { Point = name, Architecture = r.Architecture, Score = r.Score, Cost = r.Value(metric) ?? double.NaN };
            for (int c = 0; c < s.Config.Retrain.FrontControls; c++)
            {
                var control = RetrainPhase.DrawControl(s, target, s.Config.Retrain.ControlTolerance, rng, taken,
                    a => s.Components.CostMetrics.Value(metric, s.Components.Space, s.Input, a), draws);
                if (control is null)
                {
                    Log.Warn("No control for the {Point} point {Arch}: no other architecture with a {Metric} drawn", name, r.Architecture, metric);
                    break;
                }
                taken.Add(control.ToString());
                record.Controls.Add(control.ToString());
                record.ControlCosts.Add(s.Components.CostMetrics.Value(metric, s.Components.Space, s.Input, control));
                record.ControlAccuracies.Add(null);
            }
            points.Add(record);
        }
        return points;
    }
}
