using BossNas.Core.Components;

namespace BossNas.Plugins.SinglePath;

/// <summary>Options of <see cref="BnNasStrategy"/> (defaults: the public BN-NAS code).</summary>
public sealed class BnNasOptions
{
    /// <summary>Label smoothing ε of the cross-entropy (BN-NAS: 0.1).</summary>
    [Help("label smoothing of the cross-entropy (BN-NAS: 0.1)")]
    [Range(0, 0.5)]
    public double LabelSmoothing { get; set; } = 0.1;

    /// <summary>Initialisation of the frozen convolutions: <c>he_fan_out</c> (BN-NAS) or <c>space</c>.</summary>
    [Help("init of the frozen supernet convs: he_fan_out (BN-NAS: N(0, sqrt(2 / (k*k*C_out)))) or space (the space's own)")]
    [OneOf("he_fan_out", "space")]
    public string ConvInit { get; set; } = "he_fan_out";
}
