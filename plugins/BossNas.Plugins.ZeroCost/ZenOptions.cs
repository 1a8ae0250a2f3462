using BossNas.Core.Components;

namespace BossNas.Plugins.ZeroCost;

/// <summary>Options of the Zen-score (defaults of NASLib's <c>zen.py</c> and Zen-NAS's <c>compute_zen_score</c>).</summary>
public sealed class ZenOptions : ISmokeProfile
{
    /// <summary>Gaussian images per forward (Zen-NAS draws a batch of the training batch's size).</summary>
    [Help("Gaussian input images per forward pass (the size of the training batch in NASLib)")]
    [Range(2, 100000)]
    public int Images { get; set; } = 64;

    /// <summary>Scale of the input perturbation (<c>mixup_gamma</c>: 0.01).</summary>
    [Help("scale of the Gaussian input perturbation (mixup_gamma: 1e-2)")]
    [Range(1e-8, 1)]
    public double MixupGamma { get; set; } = 1e-2;

    /// <summary>Independent re-initialisations averaged (<c>repeat</c>: 1).</summary>
    [Help("independent Gaussian re-initialisations averaged (repeat: 1)")]
    [Range(1, 1000)]
    public int Repeat { get; set; } = 1;

    /// <inheritdoc />
    public void UseSmokeProfile() => Images = 4;
}
