namespace BossNas.Core.Spaces;

/// <summary>How the candidates of a choice share weights in a space's supernet.</summary>
public enum WeightSharing
{
    /// <summary>Each candidate has modules of its own (an op per choice: MBConv, HyTra).</summary>
    Separate,

    /// <summary>
    /// Candidates share one module but each keeps a part of its own, switched by the choice (switchable BN: one
    /// BatchNorm per width; <see cref="Nn.Elastic.SwitchableBatchNorm2d"/>).
    /// </summary>
    Switchable,

    /// <summary>
    /// Candidates are slices of one largest module (the first c channels serve width c; <see cref="Nn.Elastic.SlimmableConv2d"/>,
    /// <see cref="Nn.Elastic.SlicedBatchNorm2d"/>): every candidate's weights are also the larger candidates'.
    /// </summary>
    Sliced,
}

/// <summary>
/// A space's declaration of how its choices share weights, for the strategies and evaluators whose method depends on it
/// (BN-NAS reads each candidate's own BatchNorm γ, which a sliced BatchNorm does not have).
/// </summary>
/// <param name="Ops">How the candidates' convolutions (and other weights) are shared.</param>
/// <param name="BatchNorm">How the candidates' BatchNorms are shared.</param>
public sealed record ChoiceSharing(WeightSharing Ops, WeightSharing BatchNorm)
{
    /// <summary>Every candidate has modules of its own, BatchNorms included.</summary>
    public static readonly ChoiceSharing Separate = new(WeightSharing.Separate, WeightSharing.Separate);

    /// <inheritdoc />
    public override string ToString() => $"ops {Ops.ToString().ToLowerInvariant()}, BatchNorm {BatchNorm.ToString().ToLowerInvariant()}";
}
