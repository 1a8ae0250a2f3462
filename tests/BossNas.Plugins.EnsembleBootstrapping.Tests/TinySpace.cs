using BossNas.Core.Architectures;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping.Tests;

/// <summary>
/// A tiny block-structured space for strategy tests: 2 blocks × 2 layers × 2 ops (conv3×3 or conv1×1, with BN
/// and ReLU). Block 0 ends with 32 channels after op 0 and 16 after op 1, so block heads need a channel adapter;
/// block 1 enters through a strided 1×1 conv chosen by the incoming width. It records every sample it draws.
/// Widths are multiples of 16 on purpose: on an AVX-512 machine's oneDNN kernels, the input gradient of 3×3
/// convolutions with 4, 8 or 12 channels came out wrong (even NaN); NativeSetup's probe now avoids such kernels.
/// </summary>
public sealed class TinySpace : ISearchSpace
{
    private static readonly string[] OpNames = { "conv3", "conv1" };

    private readonly bool _stemInBlock0;

    /// <summary>Creates the space; with <paramref name="stemInBlock0"/> block 0 owns the stem, as in HyTra.</summary>
    public TinySpace(bool strictFair = true, bool stemInBlock0 = false)
    {
        SupportsStrictFair = strictFair;
        _stemInBlock0 = stemInBlock0;
    }

    /// <summary>Every list of paths <see cref="SampleBlockPaths"/> returned, in order.</summary>
    public List<IReadOnlyList<BlockPath>> Sampled { get; } = new();

    /// <inheritdoc />
    public IReadOnlyList<BlockInfo> Blocks { get; } = Enumerable.Range(0, 2)
        .Select(b => new BlockInfo(b, new IReadOnlyList<string>[] { OpNames, OpNames })).ToList();

    /// <inheritdoc />
    public bool SupportsStrictFair { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Architecture> NamedArchitectures { get; } = new Dictionary<string, Architecture>();

    /// <inheritdoc />
    public string? Validate(Architecture architecture, bool allowPartial = false)
    {
        if (architecture.Blocks.Count > 2 || (!allowPartial && architecture.Blocks.Count != 2)) return "wrong block count";
        return architecture.Blocks.All(p => p.Length == 2 && p.Ops.All(o => o is 0 or 1)) ? null : "bad path";
    }

    /// <inheritdoc />
    public double CountArchitectures() => 16;

    /// <inheritdoc />
    public IReadOnlyList<BlockPath> CandidatePaths(int block, Architecture prefix) =>
        new[] { new BlockPath(new[] { 0, 0 }), new BlockPath(new[] { 0, 1 }), new BlockPath(new[] { 1, 0 }),
            new BlockPath(new[] { 1, 1 }) };

    /// <inheritdoc />
    public IReadOnlyList<BlockPath> SampleBlockPaths(int block, Architecture prefix, int count, PathSampling mode,
        SeededRandom rng)
    {
        IReadOnlyList<BlockPath> paths;
        if (mode == PathSampling.StrictFair)
        {
            var perms = Enumerable.Range(0, 2).Select(_ => rng.Permutation(2)).ToList();
            paths = Enumerable.Range(0, 2).Select(i => new BlockPath(perms.Select(p => p[i]))).ToList();
        }
        else
        {
            var all = CandidatePaths(block, prefix);
            paths = rng.SampleWithoutReplacement(all.Count, count).Select(i => all[i]).ToList();
        }
        Sampled.Add(paths);
        return paths;
    }

    /// <inheritdoc />
    public Architecture SampleArchitecture(SeededRandom rng)
    {
        var arch = Architecture.Empty;
        for (int b = 0; b < 2; b++) arch = arch.Append(CandidatePaths(b, arch)[rng.Next(4)]);
        return arch;
    }

    /// <inheritdoc />
    public ChoiceSharing Sharing => ChoiceSharing.Separate;

    /// <inheritdoc />
    public Supernet CreateSupernet(InputShape input) => new TinySupernet(input.Channels, _stemInBlock0);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input) =>
        throw new NotSupportedException("the tiny test space has no stand-alone networks");

    /// <inheritdoc />
    public void InheritWeights(Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture) =>
        throw new NotSupportedException("the tiny test space has no stand-alone networks");

    /// <inheritdoc />
    public Cost Cost(Architecture architecture, InputShape input) => new(0, 0);

    /// <inheritdoc />
    public string Describe(Architecture architecture) => architecture.ToString();
}

/// <summary>The supernet of <see cref="TinySpace"/>; ops are named <c>ops.b{block}_l{layer}_o{op}</c>.</summary>
public sealed class TinySupernet : Supernet
{
    private readonly Sequential stem;
    private readonly ModuleDict<Sequential> ops;

    private readonly bool _stemInBlock0;

    /// <summary>Creates the supernet for images with <paramref name="channels"/> channels.</summary>
    public TinySupernet(int channels, bool stemInBlock0 = false) : base("tiny")
    {
        _stemInBlock0 = stemInBlock0;
        stem = Unit(channels, 16, 3, 1);
        ops = new ModuleDict<Sequential>();
        ops.Add("b0_l0_o0", Unit(16, 16, 3, 1));
        ops.Add("b0_l0_o1", Unit(16, 16, 1, 1));
        ops.Add("b0_l1_o0", Unit(16, 32, 3, 1));
        ops.Add("b0_l1_o1", Unit(16, 16, 1, 1));
        ops.Add("b1_in32", Unit(32, 32, 1, 2));
        ops.Add("b1_in16", Unit(16, 32, 1, 2));
        for (int l = 0; l < 2; l++)
        {
            ops.Add($"b1_l{l}_o0", Unit(32, 32, 3, 1));
            ops.Add($"b1_l{l}_o1", Unit(32, 32, 1, 1));
        }
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int BlockCount => 2;

    /// <inheritdoc />
    public override Tensor ForwardStem(Tensor images) => stem.call(images);

    /// <inheritdoc />
    public override Tensor ForwardBlock(int block, Tensor x, Architecture prefix, BlockPath path)
    {
        using var scope = NewDisposeScope();
        if (block == 1) x = ops[x.shape[1] == 32 ? "b1_in32" : "b1_in16"].call(x);
        for (int l = 0; l < 2; l++) x = ops[$"b{block}_l{l}_o{path[l]}"].call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override FeatureShape BlockOutput(int block, Architecture prefix, BlockPath path) =>
        block == 0 ? new FeatureShape(path[1] == 0 ? 32 : 16, 8, 8) : new FeatureShape(32, 4, 4);

    /// <inheritdoc />
    public override IReadOnlyList<FeatureShape> PossibleBlockOutputs(int block) =>
        block == 0 ? new[] { new FeatureShape(32, 8, 8), new FeatureShape(16, 8, 8) } : new[] { new FeatureShape(32, 4, 4) };

    /// <inheritdoc />
    public override IEnumerable<nn.Module> BlockModules(int block) =>
        (block == 0 && _stemInBlock0 ? new nn.Module[] { stem } : Array.Empty<nn.Module>())
        .Concat(ops.named_children().Where(c => c.name.StartsWith($"b{block}_", StringComparison.Ordinal)).Select(c => c.module));

    /// <inheritdoc />
    public override IEnumerable<nn.Module> StemModules()
    {
        yield return stem;
    }

    /// <inheritdoc />
    public override nn.Module? CandidateOp(int block, int layer, int op) =>
        ops.TryGetValue($"b{block}_l{layer}_o{op}", out var m) ? m : throw new ArgumentOutOfRangeException(nameof(op));

    private static Sequential Unit(int cin, int cout, int kernel, int stride) => nn.Sequential(
        ("conv", nn.Conv2d(cin, cout, kernel, stride: stride, padding: kernel / 2, bias: false)),
        ("bn", nn.BatchNorm2d(cout)), ("relu", nn.ReLU()));
}
