using BossNas.Core.Components;

namespace BossNas.Plugins.SinglePath;

/// <summary>Options of <see cref="BigNasStrategy"/> (defaults: AttentiveNAS/XNAS where they apply).</summary>
public sealed class BigNasOptions
{
    /// <summary>Architectures per step: the largest, <c>sandwich − 2</c> random ones and the smallest (BigNAS: 4).</summary>
    [Help("architectures per step: largest + (sandwich - 2) random + smallest (BigNAS/AttentiveNAS: 4)")]
    [Range(2, 64)]
    public int Sandwich { get; set; } = 4;

    /// <summary>Label smoothing of the largest architecture's loss against the labels (BigNAS: 0.1); the others have none.</summary>
    [Help("label smoothing of the largest architecture's cross-entropy (BigNAS: 0.1); regularisation only on the largest")]
    [Range(0, 0.5)]
    public double LabelSmoothing { get; set; } = 0.1;

    /// <summary>Dropout on the pooled features before the classifier, for the largest architecture only (BigNAS: 0.2).</summary>
    [Help("dropout before the classifier, largest architecture only (BigNAS: 0.2)")]
    [Range(0, 0.9)]
    public double Dropout { get; set; }

    /// <summary>
    /// Drop-connect (stochastic depth) rate p for the largest architecture only: the space drops identity-shortcut
    /// residual branches per sample at p·i/N for its layer i of N in the last two stages (BigNAS/AttentiveNAS: 0.2); off for
    /// the other architectures and for rating. Needs a space whose supernet implements drop-connect.
    /// </summary>
    [Help("drop-connect rate of the largest architecture only (BigNAS: 0.2): identity blocks of the last two stages, " +
          "growing with block index as the space defines it; 0 = off; the space's supernet must support it")]
    [Range(0, 0.9)]
    public double DropConnect { get; set; }

    /// <summary>
    /// Whether the smaller architectures learn from the largest one's detached soft targets (inplace distillation,
    /// BigNAS) or from the labels (plain sandwich).
    /// </summary>
    [Help("inplace distillation: smaller architectures fit the largest one's detached softmax (BigNAS: true); false = labels")]
    public bool InplaceDistillation { get; set; } = true;
}
