using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// SPOS's "uniform" sampling by FLOPs bins (<c>get_uniform_sample_cand</c>): pick one of <c>bins</c> equal MAdds bins
/// uniformly, then draw uniform paths until one falls in it; after <c>timeout</c> failures take an unconstrained path.
/// It flattens the peaked MAdds distribution of uniform paths (SPOS issue #11), so op frequencies are not uniform.
/// </summary>
public sealed class FlopsBinSampler
{
    private readonly ISearchSpace _space;
    private readonly InputShape _input;
    private readonly double[] _edges;
    private readonly int _timeout;

    /// <summary>Bins between <paramref name="min"/> and <paramref name="max"/> MAdds (0 = the space's extremes).</summary>
    public FlopsBinSampler(ISearchSpace space, InputShape input, int bins, double min, double max, int timeout)
    {
        _space = space;
        _input = input;
        _timeout = timeout;
        if (min <= 0) min = space.Cost(space.Smallest(input), input).MAdds;
        if (max <= 0) max = space.Cost(space.Largest(input), input).MAdds;
        _edges = Enumerable.Range(0, bins + 1).Select(i => min + (max - min) * i / bins).ToArray();
    }

    /// <summary>The bin edges in MAdds, ascending.</summary>
    public IReadOnlyList<double> Edges => _edges;

    /// <summary>Draws one architecture; <paramref name="timedOut"/> is true when the fallback was used.</summary>
    public Architecture Sample(SeededRandom rng, out bool timedOut)
    {
        int bin = rng.Next(_edges.Length - 1);
        double lo = _edges[bin], hi = _edges[bin + 1];
        for (int i = 0; i < _timeout; i++)
        {
            var candidate = _space.SampleArchitecture(rng);
            double madds = _space.Cost(candidate, _input).MAdds;
            if (madds >= lo && madds <= hi)
            {
                timedOut = false;
                return candidate;
            }
        }
        timedOut = true;
        return _space.SampleArchitecture(rng);
    }
}
