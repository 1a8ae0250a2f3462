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
    [Help("dropout before the classifier, largest architecture only (BigNAS: 0.2; drop-connect is not implemented)")]
    [Range(0, 0.9)]
    public double Dropout { get; set; }

    /// <summary>
    /// Whether the smaller architectures learn from the largest one's detached soft targets (inplace distillation,
    /// BigNAS) or from the labels (plain sandwich).
    /// </summary>
    [Help("inplace distillation: smaller architectures fit the largest one's detached softmax (BigNAS: true); false = labels")]
    public bool InplaceDistillation { get; set; } = true;
}
