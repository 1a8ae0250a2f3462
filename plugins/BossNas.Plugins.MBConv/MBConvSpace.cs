using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Nn;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv;

/// <summary>
/// The MBConv search space of BossNAS/DNA (ImageNet ranking experiments): blocks of MobileNetV2/EfficientNet
/// inverted-residual layers; every layer picks one of MB6 3x3, MB6 5x5, MB3 3x3, MB3 5x5 (SiLU, SE 0.25). Paths of a
/// block do not depend on earlier blocks: a block of L layers has 4^L candidates, the paper's space 4^18.
/// </summary>
[Component(ComponentKind.SearchSpace, "mbconv", typeof(MBConvOptions),
    Description = "MobileNet-style MBConv space of BossNAS/DNA (4 ops per layer, FairNAS sampling)")]
public sealed class MBConvSpace : GridSearchSpace
{
    private readonly MBConvOptions _options;

    /// <summary>Creates the space.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public MBConvSpace(MBConvOptions options) : base(Checked(options).BlockLayers, LayerNames(options))
    {
        _options = options;
        NamedArchitectures = BuildNamed(options);
    }

    /// <summary>The choices of every layer, by op index (<c>ops</c> and <c>skip</c> options).</summary>
    public IReadOnlyList<MBConvOp> Ops => MBConvOp.Set(_options.Ops, _options.Skip);

    /// <summary>The options the space was built with.</summary>
    public MBConvOptions Options => _options;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Architecture> NamedArchitectures { get; }

    /// <summary>True: every block has the same ops per layer and fixed channels and strides whatever the other blocks chose.</summary>
    public override bool BlockInterfacesFixed => true;

    /// <inheritdoc />
    protected override string SpaceName => "mbconv";

    /// <summary>
    /// Published keys are BossNAS's MBConv encodings, a JSON list of per-block op lists such as
    /// <c>[[1, 1], [0, 1, 1, 0], ...]</c>; this framework's form (<c>11|0110|...</c>) is read too.
    /// </summary>
    public override Architecture ParseBenchmarkKey(string key)
    {
        var text = key.Trim();
        if (!text.StartsWith('[')) return Architecture.Parse(text);
        try
        {
            var blocks = System.Text.Json.JsonSerializer.Deserialize<int[][]>(text)
                         ?? throw new FormatException($"'{key}' is not a list of per-block op lists");
            return new Architecture(blocks.Select(b => new BlockPath(b)));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
        {
            throw new FormatException($"'{key}' is not a list of per-block op lists: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    /// <remarks>Every candidate op (kernel × expansion, skip) is a module of its own.</remarks>
    public override ChoiceSharing Sharing => ChoiceSharing.Separate;

    /// <inheritdoc />
    public override Supernet CreateSupernet(InputShape input) => new MBConvSupernet(new MBConvLayout(_options, input));

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input)
    {
        Require(architecture);
        return new MBConvNetwork(new MBConvLayout(_options, input), architecture);
    }

    /// <summary>
    /// Copies the stem, the chosen branch of every searched layer and the layer's shared residual. The fixed last
    /// layer and the head have no supernet counterpart and keep their initialisation. From a supernet without BN
    /// affine parameters (<c>supernet_bn_affine = false</c>) the stand-alone BNs get γ = 1, β = 0.
    /// </summary>
    public override void InheritWeights(Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture)
    {
        Require(architecture);
        if (supernet is not MBConvSupernet net)
            throw new ArgumentException($"expected an mbconv supernet, got {supernet.GetType().Name}", nameof(supernet));
        if (standalone is not MBConvNetwork target)
            throw new ArgumentException($"expected an mbconv stand-alone network, got {standalone.GetType().Name}", nameof(standalone));
        if (!target.Architecture.Equals(architecture))
            throw new ArgumentException($"the network was built for '{target.Architecture}', not '{architecture}'", nameof(architecture));
        InheritedCopy.Copy(target.StemModule, net.StemModule);
        for (int b = 0; b < Blocks.Count; b++)
            for (int l = 0; l < Blocks[b].Layers; l++)
            {
                if (target.Layer(b, l).Op is { } branch)
                    InheritedCopy.Copy(branch, net.Layer(b, l).Op(architecture.Blocks[b][l])!);
                InheritedCopy.Copy(target.Layer(b, l).ShortcutModule, net.Layer(b, l).ShortcutModule);
            }
    }

    /// <inheritdoc />
    public override Cost Cost(Architecture architecture, InputShape input)
    {
        Require(architecture);
        return MBConvCost.Of(new MBConvLayout(_options, input), architecture);
    }

    /// <inheritdoc />
    public override IReadOnlyList<NetworkLayer> Layers(Architecture architecture, InputShape input)
    {
        Require(architecture);
        return MBConvLayers.Of(new MBConvLayout(_options, input), architecture);
    }

    /// <inheritdoc />
    public override IReadOnlyList<NetworkLayer> AllLayers(InputShape input) => MBConvLayers.All(new MBConvLayout(_options, input));

    /// <inheritdoc />
    public override string Describe(Architecture architecture)
    {
        Require(architecture);
        var o = _options;
        var sb = new StringBuilder();
        sb.AppendLine($"stem: conv3x3 s{o.StemStride} ->{o.StemChannels} + BN + SiLU; depthwise-separable 3x3 {o.StemChannels}->{o.FirstChannels}{Se}");
        int c = o.FirstChannels;
        for (int b = 0; b < Blocks.Count; b++)
            for (int l = 0; l < Blocks[b].Layers; l++)
            {
                var op = Ops[architecture.Blocks[b][l]];
                int stride = l == 0 ? o.BlockStrides[b] : 1;
                sb.AppendLine(op.IsSkip
                    ? $"block {b} layer {l}: skip s{stride} {c}->{o.BlockChannels[b]} (residual path only)"
                    : $"block {b} layer {l}: {op.Name} s{stride} {c}->{o.BlockChannels[b]} (mid {op.Mid(c)}){Se}");
                c = o.BlockChannels[b];
            }
        if (o.LastChannels > 0) sb.AppendLine($"last (fixed): MB6 3x3 s1 {c}->{o.LastChannels}{Se}");
        if (o.HeadChannels > 0) sb.AppendLine($"head: conv1x1 ->{o.HeadChannels} + BN + SiLU");
        sb.Append("classifier: global average pool, linear");
        return sb.ToString();
    }

    private string Se => _options.SeRatio > 0 ? $", SE {_options.SeRatio:0.##}" : "";

    private static MBConvOptions Checked(MBConvOptions options)
    {
        options.ThrowIfInvalid("mbconv");
        return options;
    }

    private static IReadOnlyList<IReadOnlyList<string>> LayerNames(MBConvOptions options)
    {
        var names = MBConvOp.Set(options.Ops, options.Skip).Select(c => c.Name).ToArray();
        return Enumerable.Repeat<IReadOnlyList<string>>(names, options.BlockLayers.Sum()).ToArray();
    }

    private static IReadOnlyDictionary<string, Architecture> BuildNamed(MBConvOptions options)
    {
        var blockLayers = options.BlockLayers;
        var ops = MBConvOp.Set(options.Ops, options.Skip).ToList();
        int mb6 = ops.FindIndex(o => o.Name == "MB6 3x3"), mb3 = ops.FindIndex(o => o.Name == "MB3 3x3");
        var named = new Dictionary<string, Architecture>(StringComparer.Ordinal)
        {
            ["all_mb6_3x3"] = new(blockLayers.Select(l => new BlockPath(Enumerable.Repeat(mb6, l)))),
            ["all_mb3_3x3"] = new(blockLayers.Select(l => new BlockPath(Enumerable.Repeat(mb3, l)))),
        };
        if (options.Ops != "bossnas") return named;
        // Greedy per-block argmin of the released BossNAS MBConv ratings; paper layout only.
        if (blockLayers.SequenceEqual(new[] { 2, 4, 4, 4, 4 }))
            named["bossnas_released_greedy"] = Architecture.Parse("11|0110|0111|1100|0110");
        return named;
    }
}
