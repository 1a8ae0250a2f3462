using BossNas.Core.Components;

namespace BossNas.Plugins.MBConv;

/// <summary>
/// Options of the <c>mbconv</c> space. The defaults are a CPU-sized version of the BossNAS/DNA ImageNet space for
/// 28 or 32 px images; <see cref="Paper"/> gives the paper's configuration (224 px ImageNet).
/// </summary>
public sealed class MBConvOptions : IValidatableOptions, ISmokeProfile
{
    /// <summary>Output channels of each searched block (paper: 24, 40, 80, 112, 192).</summary>
    [Help("output channels of each searched block (paper: [24, 40, 80, 112, 192])")]
    public int[] BlockChannels { get; set; } = { 16, 24, 32, 48, 64 };

    /// <summary>Stride of the first layer of each searched block (paper: 2, 2, 2, 1, 2).</summary>
    [Help("stride of each block's first layer, 1 or 2 (paper: [2, 2, 2, 1, 2])")]
    public int[] BlockStrides { get; set; } = { 1, 2, 2, 1, 2 };

    /// <summary>Layers of each searched block (paper: 2, 4, 4, 4, 4, i.e. 4^18 architectures).</summary>
    [Help("layers of each searched block (paper: [2, 4, 4, 4, 4])")]
    public int[] BlockLayers { get; set; } = { 2, 2, 2, 2, 2 };

    /// <summary>Output channels of the stem's 3x3 convolution (paper: 32).</summary>
    [Help("channels of the stem's 3x3 convolution (paper: 32)")]
    [Range(1, 4096)]
    public int StemChannels { get; set; } = 16;

    /// <summary>Output channels of the stem's depthwise-separable layer, the input of block 0 (paper: 16).</summary>
    [Help("channels of the stem's depthwise-separable layer, the input of block 0 (paper: 16)")]
    [Range(1, 4096)]
    public int FirstChannels { get; set; } = 8;

    /// <summary>Stride of the stem's 3x3 convolution (paper: 2 at 224 px; 1 for 28/32 px images).</summary>
    [Help("stride of the stem's 3x3 convolution (paper: 2; 1 for 28/32 px images)")]
    [Range(1, 2)]
    public int StemStride { get; set; } = 1;

    /// <summary>Squeeze-and-excitation ratio, of a layer's input channels (paper: 0.25).</summary>
    [Help("squeeze-and-excitation ratio of the input channels (paper: 0.25; 0 = no SE)")]
    [Range(0, 1)]
    public double SeRatio { get; set; } = 0.25;

    /// <summary>
    /// Channels of the fixed, unsearched last layer (an MB6 3x3, stride 1) of the stand-alone network (paper: 320;
    /// 0 = none). It is not part of the supernet, as in BossNAS, where the sixth block is never trained.
    /// </summary>
    [Help("channels of the fixed MB6 3x3 last layer of the stand-alone network (paper: 320; 0 = none)")]
    [Range(0, 8192)]
    public int LastChannels { get; set; } = 96;

    /// <summary>
    /// Channels of the stand-alone network's 1x1 head convolution (+BN+SiLU) before global pooling
    /// (paper/EfficientNet: 1280; 0 = none, pooling follows the last layer directly).
    /// </summary>
    [Help("channels of the stand-alone network's 1x1 head conv before pooling (paper: 1280; 0 = none)")]
    [Range(0, 16384)]
    public int HeadChannels { get; set; } = 384;

    /// <summary>
    /// The candidate ops of every layer: <c>bossnas</c> (MB6 3x3, MB6 5x5, MB3 3x3, MB3 5x5; BossNAS/DNA) or
    /// <c>bnnas</c> (MB3/MB6 × 3x3/5x5/7x7 in ABS/BN-NAS order: MB3 3x3, MB6 3x3, MB3 5x5, MB6 5x5, MB3 7x7, MB6 7x7).
    /// </summary>
    [Help("candidate ops of every layer: bossnas (MB6 3x3, MB6 5x5, MB3 3x3, MB3 5x5) or bnnas (MB3/MB6 x 3x3/5x5/7x7, ABS/BN-NAS order)")]
    [OneOf("bossnas", "bnnas")]
    public string Ops { get; set; } = "bossnas";

    /// <summary>
    /// Adds a skip choice (the last op index) to every layer: the layer keeps only its residual path, i.e. the
    /// identity in a stride-1 layer of unchanged width (BN-NAS/ABS's -1, elastic depth for BigNAS) and the pooled
    /// 1x1 projection + BN in a block's first layer when it changes stride or width (ABS forbids skip there; this space
    /// always has that residual, so the choice stays a valid, cheaper layer).
    /// </summary>
    [Help("add a skip choice (the residual path only) as the last op of every layer (BN-NAS/ABS -1; BigNAS elastic depth)")]
    public bool Skip { get; set; }

    /// <summary>
    /// Whether the supernet's BatchNorms have learnable γ and β (SPOS trains its supernet with <c>affine=False</c>);
    /// the stand-alone network always has them, and inheriting from a non-affine supernet sets γ = 1, β = 0.
    /// </summary>
    [Help("supernet BatchNorms with learnable weight and bias (SPOS: false); stand-alone networks always have them")]
    public bool SupernetBnAffine { get; set; } = true;

    /// <summary>The paper's ImageNet configuration.</summary>
    public static MBConvOptions Paper() => new()
    {
        BlockChannels = new[] { 24, 40, 80, 112, 192 },
        BlockStrides = new[] { 2, 2, 2, 1, 2 },
        BlockLayers = new[] { 2, 4, 4, 4, 4 },
        StemChannels = 32,
        FirstChannels = 16,
        StemStride = 2,
        SeRatio = 0.25,
        LastChannels = 320,
        HeadChannels = 1280,
    };

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (BlockChannels.Length == 0) yield return ("block_channels", "at least one block is needed");
        if (BlockStrides.Length != BlockChannels.Length)
            yield return ("block_strides", $"{BlockStrides.Length} strides for {BlockChannels.Length} blocks");
        if (BlockLayers.Length != BlockChannels.Length)
            yield return ("block_layers", $"{BlockLayers.Length} layer counts for {BlockChannels.Length} blocks");
        if (BlockChannels.Any(c => c < 1)) yield return ("block_channels", "channels must be positive");
        if (BlockStrides.Any(s => s is not (1 or 2))) yield return ("block_strides", "strides must be 1 or 2");
        if (BlockLayers.Any(l => l is < 1 or > 12)) yield return ("block_layers", "a block has 1 to 12 layers");
        if (StemChannels < 1) yield return ("stem_channels", "must be positive");
        if (FirstChannels < 1) yield return ("first_channels", "must be positive");
        if (StemStride is not (1 or 2)) yield return ("stem_stride", "must be 1 or 2");
        if (SeRatio is < 0 or > 1) yield return ("se_ratio", "must lie in [0, 1]");
        if (LastChannels < 0) yield return ("last_channels", "must be 0 (none) or positive");
        if (HeadChannels < 0) yield return ("head_channels", "must be 0 (none) or positive");
    }

    /// <summary>One narrow layer per block, no fixed last layer, a small head.</summary>
    public void UseSmokeProfile()
    {
        BlockChannels = new[] { 8, 8, 16, 16, 16 };
        BlockLayers = new[] { 1, 1, 1, 1, 1 };
        StemChannels = 8;
        FirstChannels = 8;
        LastChannels = 0;
        HeadChannels = 32;
    }
}
