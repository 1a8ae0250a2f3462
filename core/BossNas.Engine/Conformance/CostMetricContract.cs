using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Costs;
using BossNas.Core.Spaces;

namespace BossNas.Engine.Conformance;

/// <summary>
/// The contract every cost metric meets on every space it accepts, at the spaces' conformance input shapes: a finite
/// value for the smallest, the largest and sampled architectures; the same value twice for a counted or predicted
/// metric; and, where it reads an analytic <see cref="Cost"/> (<see cref="ICostMetric.FromCost"/>), the value it
/// computes. A space the metric refuses (<see cref="ICostMetric.CheckCompatible"/>) is a SKIP.
/// </summary>
public static class CostMetricContract
{
    /// <summary>Checks metric <paramref name="name"/> on <paramref name="space"/> (named <paramref name="spaceName"/>).</summary>
    /// <exception cref="ConformanceException">A breach.</exception>
    /// <exception cref="CheckSkippedException">The metric does not accept the space.</exception>
    public static void Check(string name, ICostMetric metric, string spaceName, ISearchSpace space)
    {
        if (metric.CheckCompatible(space) is { } why) throw new CheckSkippedException($"{name} refuses {spaceName}: {why}");
        ConformanceException.Require(!string.IsNullOrWhiteSpace(metric.Unit), $"{name}: its unit is empty");
        foreach (var input in SpaceContract.Inputs)
        {
            var archs = Enumerable.Range(0, 3).Select(i => space.SampleArchitecture(new SeededRandom((ulong)(200 + i))))
                .Append(space.Smallest(input)).Append(space.Largest(input)).ToList();
            foreach (var a in archs)
            {
                double v = metric.Compute(space, a, input);
                ConformanceException.Require(double.IsFinite(v), $"{name}: {spaceName} {a} at {input} gives {v}");
                if (metric.Kind != CostKind.Measured)
                    ConformanceException.Require(metric.Compute(space, a, input).Equals(v),
                        $"{name}: a {metric.Kind.ToString().ToLowerInvariant()} metric gave two values for {spaceName} {a}");
                if (metric.FromCost(space.Cost(a, input)) is { } read)
                    ConformanceException.Require(read.Equals(v), $"{name}: {spaceName} {a}: reads {read} from the analytic cost but computes {v}");
            }
        }
    }
}
