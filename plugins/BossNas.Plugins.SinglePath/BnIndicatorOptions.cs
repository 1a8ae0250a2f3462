using BossNas.Core.Components;

namespace BossNas.Plugins.SinglePath;

/// <summary>Options of <see cref="BnIndicatorEvaluator"/>.</summary>
public sealed class BnIndicatorOptions
{
    /// <summary>
    /// What a choice without a BatchNorm of its own (skip/identity) contributes: <c>zero</c> (the public code: its
    /// column of the score matrix is never filled, so the score is biased against skips) or <c>layer_mean</c> (the
    /// mean score of the layer's other ops, neutral to depth).
    /// </summary>
    [Help("score of a choice without its own BN (skip): zero (public BN-NAS code; biased against skips) or layer_mean (mean of the layer's ops)")]
    [OneOf("zero", "layer_mean")]
    public string SkipScore { get; set; } = "zero";
}
