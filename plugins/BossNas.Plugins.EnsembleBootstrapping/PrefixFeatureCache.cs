using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>
/// Features of the fixed prefix (stem and earlier blocks) for each rating batch, online and target, both views.
/// They are the same for every candidate of the block, so they are computed once and kept while they fit the
/// budget; beyond it they are recomputed per candidate (same values, more time).
/// </summary>
internal sealed class PrefixFeatureCache : IDisposable
{
    private readonly Func<int, PrefixFeatures> _compute;
    private readonly long _budgetBytes;
    private readonly Dictionary<int, PrefixFeatures> _kept = new();
    private long _usedBytes;

    /// <summary>Creates the cache.</summary>
    public PrefixFeatureCache(Func<int, PrefixFeatures> compute, long budgetBytes)
    {
        _compute = compute;
        _budgetBytes = budgetBytes;
    }

    /// <summary>
    /// The features of batch <paramref name="index"/>. Kept ones are owned by the cache; fresh ones belong to
    /// the caller's dispose scope.
    /// </summary>
    public PrefixFeatures Get(int index)
    {
        if (_kept.TryGetValue(index, out var kept)) return kept;
        var f = _compute(index);
        long bytes = f.Bytes;
        if (_usedBytes + bytes <= _budgetBytes)
        {
            _usedBytes += bytes;
            f.Detach();
            _kept[index] = f;
        }
        return f;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var f in _kept.Values) f.Dispose();
        _kept.Clear();
    }
}

/// <summary>Prefix features of one rating batch.</summary>
/// <param name="Online1">Online prefix features of view 1.</param>
/// <param name="Online2">Online prefix features of view 2.</param>
/// <param name="Target1">Target prefix features of view 1.</param>
/// <param name="Target2">Target prefix features of view 2.</param>
internal sealed record PrefixFeatures(Tensor Online1, Tensor Online2, Tensor Target1, Tensor Target2) : IDisposable
{
    private IEnumerable<Tensor> All => new[] { Online1, Online2, Target1, Target2 };

    /// <summary>Memory the four tensors take.</summary>
    public long Bytes => All.Sum(t => t.NumberOfElements * t.ElementSize);

    /// <summary>Takes the tensors out of their dispose scope (the cache owns them).</summary>
    public void Detach()
    {
        foreach (var t in All) t.DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in All) t.Dispose();
    }
}
