using BossNas.Core.Components;

namespace BossNas.Plugins.HyTra;

/// <summary>
/// Options of the HyTra search space. Defaults are the CPU scale (28/32 px input, the two coarse levels' widths
/// divided by 16, the two fine ones kept at 64 channels so every bottleneck has at least 16); the paper's ImageNet
/// scale is <c>stem = "imagenet"</c>, <c>widths = [2048, 1024, 512, 256]</c>,
/// <c>stem_channels = 64</c>, <c>dim_head = 64</c>.
/// </summary>
public sealed class HyTraOptions : IValidatableOptions, ISmokeProfile
{
    /// <summary>Number of resolution levels; level 0 is the coarsest, level <c>levels - 1</c> the stem's.</summary>
    [Range(1, 6)]
    [Help("resolution levels; level 0 is the coarsest, the last one has the stem output's size, each level halves it")]
    public int Levels { get; set; } = 4;

    /// <summary>Stem: <c>cifar</c> (conv3x3 stride 1) or <c>imagenet</c> (conv7x7 stride 2 + maxpool stride 2).</summary>
    [OneOf("cifar", "imagenet")]
    [Help("cifar: conv3x3 s1 + BN + ReLU; imagenet: conv7x7 s2 + BN + ReLU + maxpool3 s2 (224 -> 56)")]
    public string Stem { get; set; } = "cifar";

    /// <summary>Output channels per level, coarsest first (the paper's <c>layer_c</c>).</summary>
    /// <remarks>
    /// Narrow bottlenecks (width / 4 of 4 or 8 channels) once met a libtorch 2.10 CPU bug (wrong or NaN input
    /// gradients of oneDNN's AVX-512 3x3 convolutions on one machine); every process now runs oneDNN at the highest
    /// ISA whose kernels pass a check against float64 (BossNas.Core.Platform.NativeSetup), so any multiple of 4 works.
    /// </remarks>
    [Help("output channels of every op at each level, coarsest first (paper: [2048, 1024, 512, 256]); multiples of 4")]
    public int[] Widths { get; set; } = [128, 64, 64, 64];

    /// <summary>Attention aggregation of the supernet and the path form.</summary>
    [OneOf("standard", "transposed")]
    [Help("standard: softmax(QK^T)V; transposed: BossNAS's search-code aggregation v @ attn (the bossnet form is always standard)")]
    public string Attention { get; set; } = "standard";

    /// <summary>Stem output channels.</summary>
    [Range(1, 4096)]
    [Help("stem output channels (paper: 64)")]
    public int StemChannels { get; set; } = 16;

    /// <summary>Channels per attention head; heads = (width / 4) / dim_head.</summary>
    [Range(1, 1024)]
    [Help("channels per attention head; heads = bottleneck / dim_head (paper: 64)")]
    public int DimHead { get; set; } = 16;

    /// <summary>Searchable layers per block.</summary>
    [Range(1, 8)]
    [Help("searchable layers per block (paper: 4); path lists grow fast (8 layers: ~2,600 block-0 paths)")]
    public int LayersPerBlock { get; set; } = 4;

    /// <summary>Number of blocks.</summary>
    [Range(1, 8)]
    [Help("number of blocks (paper: 4)")]
    public int Blocks { get; set; } = 4;

    /// <summary>Per block, how many levels (the finest ones excluded first) its layers may use.</summary>
    [Help("per block, the number of levels its ops may use: levels 0 .. n-1 (paper: [4, 3, 2, 2])")]
    public int[] StageDepths { get; set; } = [4, 3, 2, 2];

    /// <summary>
    /// <c>restricted</c>: block 0's first op is at one of the two finest levels (BossNAS's <c>restricted_path</c>);
    /// <c>all</c>: it may be at any level (the older <c>all_path</c>). Later blocks always continue where the block
    /// before ended: same level or one below.
    /// </summary>
    [OneOf("restricted", "all")]
    [Help("restricted: block 0 starts at the two finest levels (paper default); all: block 0 may start at any level")]
    public string PathRule { get; set; } = "restricted";

    /// <summary>Form of the stand-alone network: the chosen ops as in the supernet, or BossNet.</summary>
    [OneOf("path", "bossnet")]
    [Help("path: exactly the chosen supernet ops (weights can be inherited); bossnet: the retraining network of the paper")]
    public string Standalone { get; set; } = "path";

    /// <summary>Squeeze-and-excitation in BossNet's ResConv layers (BossNet-T0 has it).</summary>
    [Help("squeeze-and-excitation (reduction 16) after bn3 of BossNet's ResConv layers (bossnet form only)")]
    public bool Se { get; set; }

    /// <summary>Activation of the BossNet form (BossNet-T0 uses SiLU; the search used ReLU).</summary>
    [OneOf("relu", "silu")]
    [Help("activation of the bossnet form (T0: silu); the supernet and the path form use relu as in the search")]
    public string Activation { get; set; } = "relu";

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Widths.Length != Levels)
            yield return ("widths", $"needs one width per level ({Levels}), got {Widths.Length}");
        for (int l = 0; l < Widths.Length; l++)
        {
            if (Widths[l] < 4 || Widths[l] % 4 != 0)
                yield return ("widths", $"width {Widths[l]} of level {l} must be a positive multiple of 4 (bottleneck = width / 4)");
            else if (l < HyTraLayout.AttentionLevels && (Widths[l] / 4) % DimHead != 0)
                yield return ("widths", $"bottleneck {Widths[l] / 4} of attention level {l} must be a multiple of dim_head {DimHead}");
        }
        if (StageDepths.Length != Blocks)
            yield return ("stage_depths", $"needs one entry per block ({Blocks}), got {StageDepths.Length}");
        for (int b = 0; b < StageDepths.Length; b++)
        {
            if (StageDepths[b] < 1 || StageDepths[b] > Levels)
                yield return ("stage_depths", $"block {b}: {StageDepths[b]} is not in [1, {Levels}]");
        }
        if (StageDepths.Length > 0 && StageDepths[0] != Levels)
            yield return ("stage_depths", $"block 0 receives the stem output at the finest level, so stage_depths[0] must be levels ({Levels})");
    }

    /// <summary>Narrow levels, two layers per block.</summary>
    public void UseSmokeProfile()
    {
        Widths = [32, 32, 16, 16];
        StemChannels = 8;
        DimHead = 8;
        LayersPerBlock = 2;
    }
}
