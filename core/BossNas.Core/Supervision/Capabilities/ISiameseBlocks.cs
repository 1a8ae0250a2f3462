using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using static TorchSharp.torch;

namespace BossNas.Core.Supervision.Capabilities;

/// <summary>
/// A strategy that trains an online and a target (EMA) supernet with per-block projection necks and predictors
/// (BossNAS's ensemble bootstrapping). Evaluators that rate a block path by its online predictions against the target
/// projections need this.
/// </summary>
public interface ISiameseBlocks
{
    /// <summary>The root of both supernets and all heads (its state is saved and restored around a rating).</summary>
    nn.Module Siamese { get; }

    /// <summary>The online supernet.</summary>
    Supernet Online { get; }

    /// <summary>The target supernet.</summary>
    Supernet Target { get; }

    /// <summary>The online projection of <paramref name="block"/> along <paramref name="path"/> from the prefix's features.</summary>
    Tensor OnlineProjection(int block, Tensor features, Architecture prefix, BlockPath path);

    /// <summary>The target projection of <paramref name="block"/> along <paramref name="path"/> from the prefix's features.</summary>
    Tensor TargetProjection(int block, Tensor features, Architecture prefix, BlockPath path);

    /// <summary>The predictor of <paramref name="block"/> applied to an online projection.</summary>
    Tensor Predict(int block, Tensor projection);

    /// <summary>The heads of <paramref name="block"/>: online neck, target neck, predictor.</summary>
    IReadOnlyList<nn.Module> Heads(int block);
}
