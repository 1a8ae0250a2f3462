using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// BigNAS's sandwich rule: per step the largest architecture (most MAdds, <see cref="ISearchSpace.Largest"/>), then
/// <c>n − 2</c> uniformly drawn ones, then the smallest (<see cref="ISearchSpace.Smallest"/>), in AttentiveNAS's order
/// (the smallest last, whose loss is the step's logged loss).
/// </summary>
internal sealed class SandwichRule
{
    private readonly ISearchSpace _space;

    /// <summary>The rule for <paramref name="space"/> at <paramref name="input"/> (the extremes are computed once).</summary>
    public SandwichRule(ISearchSpace space, InputShape input, int size)
    {
        if (size < 2) throw new ArgumentOutOfRangeException(nameof(size), "the sandwich holds at least the largest and the smallest");
        _space = space;
        Size = size;
        Largest = space.Largest(input);
        Smallest = space.Smallest(input);
    }

    /// <summary>Architectures per step.</summary>
    public int Size { get; }

    /// <summary>The largest architecture.</summary>
    public Architecture Largest { get; }

    /// <summary>The smallest architecture.</summary>
    public Architecture Smallest { get; }

    /// <summary>The architectures of one step: largest, the random ones, smallest.</summary>
    public IReadOnlyList<Architecture> Draw(SeededRandom rng)
    {
        var step = new List<Architecture>(Size) { Largest };
        for (int i = 0; i < Size - 2; i++) step.Add(_space.SampleArchitecture(rng));
        step.Add(Smallest);
        return step;
    }
}
