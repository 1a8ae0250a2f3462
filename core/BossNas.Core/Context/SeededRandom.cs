namespace BossNas.Core.Context;

/// <summary>
/// A small, fast random generator (xoshiro256**) whose state can be saved and restored, so a resumed run draws
/// exactly the numbers an uninterrupted one would. <see cref="System.Random"/> cannot be checkpointed.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the generator; equal seeds give equal streams.</summary>
    public SeededRandom(ulong seed)
    {
        // splitmix64 spreads a small seed over the 256-bit state, as the xoshiro authors recommend.
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotL(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotL(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        // Rejection keeps the draw unbiased for any bound.
        ulong bound = (ulong)maxExclusive;
        ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (int)(r % bound);
    }

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>Shuffles a list in place (Fisher–Yates).</summary>
    public void Shuffle<T>(IList<T> list)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>A random permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        Shuffle(p);
        return p;
    }

    /// <summary><paramref name="count"/> distinct indices from 0..n-1, uniformly without replacement.</summary>
    public int[] SampleWithoutReplacement(int n, int count)
    {
        if (count > n) throw new ArgumentOutOfRangeException(nameof(count), $"cannot draw {count} distinct of {n}");
        var p = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = i + Next(n - i);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p[..count];
    }

    /// <summary>A seed for a child generator or for torch, drawn from this stream.</summary>
    public long NextSeed() => (long)(NextUInt64() >> 1);

    /// <summary>The full generator state, for checkpoints.</summary>
    public ulong[] GetState() => new[] { _s0, _s1, _s2, _s3 };

    /// <summary>Restores a state saved by <see cref="GetState"/>.</summary>
    public void SetState(IReadOnlyList<ulong> state)
    {
        if (state.Count != 4) throw new ArgumentException("xoshiro256 state has 4 words", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    internal static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotL(ulong x, int k) => (x << k) | (x >> (64 - k));
}
