using System.Globalization;
using BossNas.Core.Architectures;

namespace BossNas.Plugins.ElasticMBConv;

/// <summary>One stage's active configuration: output width, depth, kernel and expansion ratio.</summary>
internal readonly record struct StageConfig(int Width, int Depth, int Kernel, double Expansion);

/// <summary>An architecture decoded: resolution, first-conv width and one <see cref="StageConfig"/> per stage.</summary>
internal sealed record ChildConfig(int Resolution, int FirstWidth, IReadOnlyList<StageConfig> Stages);

/// <summary>
/// The genes of <c>elastic_mbconv</c>. Block 0 has two layers (resolution, first-conv width); block 1 + s has four,
/// stage s's output width, depth, kernel and expansion, so that every stage block has the same shape of genes and a
/// searcher tying layer positions across blocks ties widths with widths, depths with depths.
/// </summary>
internal sealed class ElasticLayout
{
    public ElasticLayout(ElasticOptions options)
    {
        Options = options;
        var problem = options.Validate().FirstOrDefault();
        if (problem != default) throw new ArgumentException($"elastic_mbconv option {problem.Key}: {problem.Message}");
        Stages = options.StageWidths.Length;
    }

    public ElasticOptions Options { get; }

    public int Stages { get; }

    public int BlockCount => Stages + 1;

    /// <summary>The choice lists of block <paramref name="block"/>'s layers, as option values.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ChoiceNames(int block)
    {
        var o = Options;
        string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        if (block == 0)
            return [o.Resolutions.Select(r => $"res{r}").ToArray(), o.FirstWidths.Select(w => $"c{w}").ToArray()];
        int s = block - 1;
        return
        [
            o.StageWidths[s].Select(w => $"w{w}").ToArray(),
            o.StageDepths[s].Select(d => $"d{d}").ToArray(),
            o.StageKernels[s].Select(k => $"k{k}").ToArray(),
            o.StageExpansions[s].Select(e => $"e{F(e)}").ToArray(),
        ];
    }

    public int[] ChoiceCounts(int block) => ChoiceNames(block).Select(c => c.Count).ToArray();

    /// <summary>Null when <paramref name="path"/> is a path of block <paramref name="block"/>, else the reason.</summary>
    public string? CheckPath(int block, BlockPath path)
    {
        var counts = ChoiceCounts(block);
        if (path.Length != counts.Length) return $"has {path.Length} genes, block {block} has {counts.Length}";
        for (int l = 0; l < counts.Length; l++)
            if (path[l] >= counts[l]) return $"gene {l} is {path[l]}, it has {counts[l]} choices";
        return null;
    }

    /// <summary>Decodes a complete architecture (assumed valid).</summary>
    public ChildConfig Decode(Architecture a)
    {
        var o = Options;
        var stages = new StageConfig[Stages];
        for (int s = 0; s < Stages; s++)
        {
            var p = a.Blocks[s + 1];
            stages[s] = new StageConfig(o.StageWidths[s][p[0]], o.StageDepths[s][p[1]], o.StageKernels[s][p[2]], o.StageExpansions[s][p[3]]);
        }
        return new ChildConfig(o.Resolutions[a.Blocks[0][0]], o.FirstWidths[a.Blocks[0][1]], stages);
    }

    /// <summary>The stage config block 1 + <paramref name="stage"/>'s path gives.</summary>
    public StageConfig Stage(int stage, BlockPath p) =>
        new(Options.StageWidths[stage][p[0]], Options.StageDepths[stage][p[1]], Options.StageKernels[stage][p[2]], Options.StageExpansions[stage][p[3]]);

    /// <summary>Output width of block <paramref name="block"/> along <paramref name="path"/>.</summary>
    public int BlockWidth(int block, BlockPath path) =>
        block == 0 ? Options.FirstWidths[path[1]] : block == BlockCount - 1 && Options.LastChannels > 0 ? Options.LastChannels : Options.StageWidths[block - 1][path[0]];

    /// <summary>Side of the feature map after block <paramref name="block"/> for resolution <paramref name="resolution"/>.</summary>
    public int Side(int block, int resolution)
    {
        int side = Down(resolution, Options.FirstStride);
        for (int s = 0; s < block; s++) side = Down(side, Options.StageStrides[s]);
        return side;
    }

    /// <summary>Output side of a stride-<paramref name="stride"/> layer with "same" padding: ceil(n / stride).</summary>
    public static int Down(int n, int stride) => (n + stride - 1) / stride;

    /// <summary>The largest width entering stage <paramref name="stage"/>'s layer <paramref name="layer"/>.</summary>
    public int MaxIn(int stage, int layer) =>
        layer > 0 ? Options.StageWidths[stage].Max() : stage == 0 ? Options.FirstWidths.Max() : Options.StageWidths[stage - 1].Max();

    /// <summary>Whether stage <paramref name="stage"/>'s layers have an expanding 1x1 conv (some expansion above 1).</summary>
    public bool Expands(int stage) => Options.StageExpansions[stage].Max() > 1;

    /// <summary>Mid channels of a layer with <paramref name="cin"/> inputs and expansion <paramref name="e"/>.</summary>
    public static int Mid(int cin, double e) => MakeDivisible(Math.Round(cin * e, MidpointRounding.ToEven), 8);

    /// <summary>TensorFlow's make_divisible: the nearest multiple of <paramref name="divisor"/>, at least it, never 10 % below.</summary>
    public static int MakeDivisible(double v, int divisor)
    {
        int n = Math.Max(divisor, (int)(v + divisor / 2.0) / divisor * divisor);
        if (n < 0.9 * v) n += divisor;
        return n;
    }
}
