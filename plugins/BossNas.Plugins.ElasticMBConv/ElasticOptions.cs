using BossNas.Core.Components;

namespace BossNas.Plugins.ElasticMBConv;

/// <summary>
/// Options of the <c>elastic_mbconv</c> space: a CPU-scale BigNAS space for 28 or 32 px images. Every choice list is
/// ascending; index 0 is the smallest child's choice, the last index the largest's.
/// </summary>
public sealed class ElasticOptions : IValidatableOptions, ISmokeProfile
{
    /// <summary>Input resolutions the network resizes its images to (block 0's first gene).</summary>
    [Help("resolutions (pixels, square) the input is resized to inside the network, bilinear; ascending")]
    public int[] Resolutions { get; set; } = [20, 24, 28];

    /// <summary>Widths of the first 3x3 convolution (block 0's second gene).</summary>
    [Help("output widths of the first 3x3 convolution; ascending")]
    public int[] FirstWidths { get; set; } = [8, 16];

    /// <summary>Stride of the first convolution.</summary>
    [Help("stride of the first 3x3 convolution (1 for 28/32 px images)")]
    [Range(1, 2)]
    public int FirstStride { get; set; } = 1;

    /// <summary>Per stage, its output widths.</summary>
    [Help("per stage, the output widths it may take; ascending")]
    public int[][] StageWidths { get; set; } = [[8, 16], [16, 24], [24, 32], [32, 40], [48, 56]];

    /// <summary>Per stage, its depths (number of active layers, at least 1).</summary>
    [Help("per stage, its depths (the first d layers run; minimum 1); ascending")]
    public int[][] StageDepths { get; set; } = [[1, 2], [1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2]];

    /// <summary>Per stage, its depthwise kernel sizes (odd; smaller kernels are centre crops of the largest).</summary>
    [Help("per stage, its depthwise kernel sizes (odd; a smaller kernel is the centre of the largest); ascending")]
    public int[][] StageKernels { get; set; } = [[3, 5], [3, 5], [3, 5], [3, 5], [3, 5]];

    /// <summary>Per stage, its expansion ratios (mid channels = make_divisible(round(c_in * e), 8)).</summary>
    [Help("per stage, its expansion ratios (mid = make_divisible(round(c_in * e), 8)); ascending")]
    public double[][] StageExpansions { get; set; } = [[1], [3, 4, 6], [3, 4, 6], [3, 4, 6], [3, 4, 6]];

    /// <summary>Stride of each stage's first layer.</summary>
    [Help("stride of each stage's first layer, 1 or 2")]
    public int[] StageStrides { get; set; } = [1, 2, 2, 1, 2];

    /// <summary>Width of the fixed 1x1 convolution after the last stage (part of the last block); 0 = none.</summary>
    [Help("width of the fixed last 1x1 conv + BN + SiLU after the last stage (0: none)")]
    [Range(0, 4096)]
    public int LastChannels { get; set; } = 128;

    /// <summary>Momentum of every BatchNorm's running statistics.</summary>
    [Help("momentum of the BatchNorms' running statistics (PyTorch convention)")]
    [Range(0.0, 1.0)]
    public double BnMomentum { get; set; } = 0.1;

    /// <summary>Whether each residual layer's last BN starts with γ = 0 (the layer starts as its shortcut).</summary>
    [Help("zero γ of each residual layer's last BatchNorm at initialisation (BigNAS/AttentiveNAS)")]
    public bool ZeroLastBnGamma { get; set; } = true;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        foreach (var m in Ascending("resolutions", Resolutions, 4)) yield return m;
        foreach (var m in Ascending("first_widths", FirstWidths, 1)) yield return m;
        int n = StageWidths.Length;
        if (n == 0) yield return ("stage_widths", "at least one stage is needed");
        if (StageDepths.Length != n || StageKernels.Length != n || StageExpansions.Length != n || StageStrides.Length != n)
            yield return ("stage_widths", $"stage_widths, stage_depths, stage_kernels, stage_expansions and stage_strides need one entry per stage ({n})");
        else
        {
            for (int s = 0; s < n; s++)
            {
                foreach (var m in Ascending($"stage_widths[{s}]", StageWidths[s], 1)) yield return m;
                foreach (var m in Ascending($"stage_depths[{s}]", StageDepths[s], 1)) yield return m;
                foreach (var m in Ascending($"stage_kernels[{s}]", StageKernels[s], 1)) yield return m;
                if (StageKernels[s].Any(k => k % 2 == 0)) yield return ($"stage_kernels[{s}]", "kernel sizes must be odd");
                if (StageExpansions[s].Length == 0 || StageExpansions[s].Any(e => e < 1) ||
                    StageExpansions[s].Zip(StageExpansions[s].Skip(1)).Any(p => p.First >= p.Second))
                    yield return ($"stage_expansions[{s}]", "expansion ratios must be ascending and at least 1");
                if (StageStrides[s] is not (1 or 2)) yield return ($"stage_strides[{s}]", "a stride is 1 or 2");
            }
        }
    }

    private static IEnumerable<(string, string)> Ascending(string key, int[] values, int min)
    {
        if (values.Length == 0) yield return (key, "needs at least one value");
        else if (values.Any(v => v < min)) yield return (key, $"values must be at least {min}");
        else if (values.Zip(values.Skip(1)).Any(p => p.First >= p.Second)) yield return (key, "values must be strictly ascending");
    }

    /// <summary>Smoke: three small stages, two resolutions.</summary>
    public void UseSmokeProfile()
    {
        Resolutions = [16, 20];
        FirstWidths = [8];
        StageWidths = [[8, 16], [16, 24], [24, 32]];
        StageDepths = [[1, 2], [1, 2], [1, 2]];
        StageKernels = [[3, 5], [3, 5], [3, 5]];
        StageExpansions = [[1], [3, 6], [3, 6]];
        StageStrides = [1, 2, 2];
        LastChannels = 32;
    }
}
