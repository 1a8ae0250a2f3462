namespace BossNas.Core.Context;

/// <summary>
/// Independent, named random streams derived from the run seed ("sampling", "data", "augment", ...), so that
/// adding draws to one concern never shifts another. All streams are saved in checkpoints.
/// </summary>
public sealed class RngStreams
{
    private readonly Dictionary<string, SeededRandom> _streams = new(StringComparer.Ordinal);

    /// <summary>Creates the streams of a run.</summary>
    public RngStreams(long seed) => Seed = seed;

    /// <summary>The run seed.</summary>
    public long Seed { get; }

    /// <summary>The stream named <paramref name="name"/>, created on first use from the seed and the name.</summary>
    public SeededRandom this[string name]
    {
        get
        {
            if (!_streams.TryGetValue(name, out var rng))
            {
                // FNV-1a of the name: stable across processes, unlike string.GetHashCode.
                ulong h = 14695981039346656037UL;
                foreach (char c in name) h = (h ^ c) * 1099511628211UL;
                ulong mixed = (ulong)Seed ^ h;
                rng = new SeededRandom(SeededRandom.SplitMix(ref mixed));
                _streams[name] = rng;
            }
            return rng;
        }
    }

    /// <summary>The states of every stream created so far, for checkpoints.</summary>
    public Dictionary<string, ulong[]> GetState() => _streams.ToDictionary(kv => kv.Key, kv => kv.Value.GetState());

    /// <summary>Restores states saved by <see cref="GetState"/>.</summary>
    public void SetState(IReadOnlyDictionary<string, ulong[]> state)
    {
        foreach (var (name, s) in state) this[name].SetState(s);
    }
}
