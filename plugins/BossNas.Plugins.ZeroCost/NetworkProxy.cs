using TorchSharp;
using BossNas.Core.Architectures;
using BossNas.Core.Evaluation;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost;

/// <summary>
/// A proxy computed on the untrained stand-alone network of an architecture: built with libtorch seeded by
/// <see cref="ArchitectureSeed"/> (the space's own initialisation, as NASLib scores its networks' default init), in
/// training mode as NASLib's networks are, then disposed.
/// </summary>
public abstract class NetworkProxy : ZeroCostEvaluator
{
    /// <inheritdoc />
    protected override double Rate(Architecture architecture, EvaluationContext context)
    {
        using var seed = new TorchSeedScope(ArchitectureSeed.Of(context.Run.Rng.Seed, architecture));
        using var scope = NewDisposeScope();
        var batch = Batch(context);
        using var network = context.Space.CreateStandalone(architecture, context.Input);
        network.to(context.Run.Device);
        network.train();
        return Score(network, batch);
    }

    /// <summary>The batch scored: by default the labelled rating data (see <see cref="ProxyBatch.FromRating"/>).</summary>
    protected abstract ProxyBatch Batch(EvaluationContext context);

    /// <summary>
    /// The proxy's value for <paramref name="network"/> on <paramref name="batch"/> (the network in the mode the caller
    /// set; a proxy may change its weights or dtype, so give it a network it may spoil).
    /// </summary>
    public abstract double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch);
}
