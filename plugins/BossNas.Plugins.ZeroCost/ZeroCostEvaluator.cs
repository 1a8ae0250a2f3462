using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;

namespace BossNas.Plugins.ZeroCost;

/// <summary>
/// A zero-cost proxy: rates whole architectures without any trained supernet (so a run needs no <c>[supervision]</c>
/// and no <c>supernet</c> phase). Higher is better for every proxy, as NASLib ranks them.
/// </summary>
public abstract class ZeroCostEvaluator : IEvaluator
{
    /// <summary>
    /// The score given to a NaN or infinite proxy value (a singular kernel, a dead network): NASLib's <c>ZeroCost</c>
    /// predictor's −1e8, so such an architecture ranks last instead of stopping the search.
    /// </summary>
    public const double Degenerate = -1e8;

    /// <inheritdoc />
    public bool LowerIsBetter => false;

    /// <inheritdoc />
    public RatingScope Scope => RatingScope.Architectures;

    /// <inheritdoc />
    /// <remarks>False: proxies rate untrained networks.</remarks>
    public bool NeedsSupernet => false;

    /// <summary>Any space, any strategy or none.</summary>
    public virtual string? CheckCompatible(ISearchSpace space, ISupervisionStrategy? strategy) => null;

    /// <summary>Each architecture's proxy score, in candidate order.</summary>
    public IReadOnlyList<Rating> RateArchitectures(IReadOnlyList<Architecture> candidates, EvaluationContext context)
    {
        var ratings = new List<Rating>(candidates.Count);
        foreach (var architecture in candidates)
        {
            if (context.Space.Validate(architecture) is { } why)
                throw new ArgumentException($"cannot rate '{architecture}': {why}", nameof(candidates));
            ratings.Add(Rating.ForArchitecture(architecture, Finite(Rate(architecture, context))));
        }
        return ratings;
    }

    /// <summary>The proxy's raw value for one architecture (NaN or infinite allowed: it becomes <see cref="Degenerate"/>).</summary>
    protected abstract double Rate(Architecture architecture, EvaluationContext context);

    /// <summary><paramref name="value"/>, or <see cref="Degenerate"/> when it is NaN or infinite.</summary>
    public static double Finite(double value) => double.IsFinite(value) ? value : Degenerate;
}
