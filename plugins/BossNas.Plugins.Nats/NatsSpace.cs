using System.Globalization;
using System.Text;
using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Plugins.Nats.Standalone;
using BossNas.Plugins.Nats.Supernet;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats;

/// <summary>
/// The NATS-Bench size search space (NATS-SSS) as BossNAS searches it: a fixed skeleton of 3 cells and 2 reduction
/// blocks whose 5 output widths c1..c5 are each chosen from 8 candidates (8^5 = 32,768 architectures). An op index is
/// a width index; a path holds the widths of its block's layers (CIFAR-10 partition (c1,c2), (c3,c4), (c5)).
/// The supernet shares weights by slicing max-width kernels (slimmable convs) and keeps a BN per width.
/// </summary>
[Component(ComponentKind.SearchSpace, "nats", typeof(NatsOptions),
    Description = "NATS-Bench size space (5 widths of 8 candidates, slimmable supernet)")]
public sealed class NatsSpace : GridSearchSpace
{
    private readonly NatsOptions _options;

    /// <summary>Creates the space.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public NatsSpace(NatsOptions options) : base(Checked(options).BlockLayers, LayerNames(options))
    {
        _options = options;
        NamedArchitectures = BuildNamed();
    }

    /// <summary>The options the space was built with.</summary>
    public NatsOptions Options => _options;

    /// <summary>The candidate widths (op index → width).</summary>
    public IReadOnlyList<int> Widths => _options.CandidateWidths;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Architecture> NamedArchitectures { get; }

    /// <inheritdoc />
    protected override string SpaceName => "nats";

    private int Ops => _options.CandidateWidths.Length;

    /// <summary>Published keys are NATS-Bench width strings, <c>c1:c2:c3:c4:c5</c>; this framework's form is read too.</summary>
    public override Architecture ParseBenchmarkKey(string key) =>
        key.Contains(':') ? FromWidthString(key) : Architecture.Parse(key);

    /// <inheritdoc />
    /// <remarks>Each width is a slice of one max-width kernel; each width has a BatchNorm of its own.</remarks>
    public override ChoiceSharing Sharing { get; } = new(WeightSharing.Sliced, WeightSharing.Switchable);

    /// <inheritdoc />
    public override BossNas.Core.Spaces.Supernet CreateSupernet(InputShape input) => new NatsSupernet(new NatsLayout(_options, input));

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> CreateStandalone(Architecture architecture, InputShape input)
    {
        Require(architecture);
        return new NatsNetwork(new NatsLayout(_options, input), architecture);
    }

    /// <summary>Slices the supernet's shared kernels and picks its per-width BNs; the head (BN, classifier) keeps its init.</summary>
    public override void InheritWeights(BossNas.Core.Spaces.Supernet supernet, nn.Module<Tensor, Tensor> standalone, Architecture architecture)
    {
        Require(architecture);
        if (supernet is not NatsSupernet net)
            throw new ArgumentException($"expected a nats supernet, got {supernet.GetType().Name}", nameof(supernet));
        if (standalone is not NatsNetwork target)
            throw new ArgumentException($"expected a nats stand-alone network, got {standalone.GetType().Name}", nameof(standalone));
        if (!target.Architecture.Equals(architecture))
            throw new ArgumentException($"the network was built for '{target.Architecture}', not '{architecture}'", nameof(architecture));
        NatsInheritance.Copy(net, target, NatsLayout.LayerChoices(architecture));
    }

    /// <inheritdoc />
    public override Cost Cost(Architecture architecture, InputShape input)
    {
        Require(architecture);
        return NatsCost.Of(new NatsLayout(_options, input), Channels(architecture));
    }

    /// <inheritdoc />
    public override IReadOnlyList<NetworkLayer> Layers(Architecture architecture, InputShape input)
    {
        Require(architecture);
        return NatsLayers.Of(new NatsLayout(_options, input), Channels(architecture));
    }

    /// <inheritdoc />
    public override IReadOnlyList<NetworkLayer> AllLayers(InputShape input) => NatsLayers.All(new NatsLayout(_options, input));

    /// <inheritdoc />
    public override string Describe(Architecture architecture)
    {
        Require(architecture);
        var c = Channels(architecture);
        var sb = new StringBuilder();
        sb.AppendLine($"widths {WidthString(architecture)}");
        sb.AppendLine($"stem: conv3x3 ->{c[0]} + BN");
        int cin = c[0];
        for (int i = 0; i < NatsLayout.LayerCount; i++)
        {
            sb.AppendLine(NatsLayout.Kinds[i] == NatsLayerKind.Cell
                ? $"layer {i}: cell {cin}->{c[i]} ({CellTopology.Genotype})"
                : $"layer {i}: resblock s2 {cin}->{c[i]}");
            cin = c[i];
        }
        sb.Append($"head: BN + ReLU, global average pool, linear {cin}->classes");
        return sb.ToString();
    }

    /// <summary>The NATS-Bench string of an architecture's widths, e.g. <c>64:40:48:64:56</c>.</summary>
    public string WidthString(Architecture architecture)
    {
        Require(architecture);
        return string.Join(':', Channels(architecture).Select(w => w.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Parses a NATS-Bench width string (<c>c1:c2:c3:c4:c5</c>) into this space's block paths.</summary>
    /// <exception cref="FormatException">Not 5 widths, or a width that is not a candidate.</exception>
    public Architecture FromWidthString(string widths)
    {
        var parts = widths.Trim().Split(':');
        if (parts.Length != NatsLayout.LayerCount)
            throw new FormatException($"'{widths}' is not {NatsLayout.LayerCount} widths separated by ':'");
        var choices = parts.Select(p =>
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int w))
                throw new FormatException($"'{p}' in '{widths}' is not a width");
            int index = Array.IndexOf(_options.CandidateWidths, w);
            return index >= 0 ? index : throw new FormatException(
                $"width {w} in '{widths}' is not a candidate ({string.Join(", ", _options.CandidateWidths)})");
        }).ToArray();
        return FromChoices(choices);
    }

    /// <summary>The architecture of 5 per-layer width indices, grouped into this space's blocks.</summary>
    public Architecture FromChoices(IReadOnlyList<int> choices) => FromLayerChoices(choices);

    private int[] Channels(Architecture architecture) =>
        NatsLayout.LayerChoices(architecture).Select(i => _options.CandidateWidths[i]).ToArray();

    private static NatsOptions Checked(NatsOptions options)
    {
        options.ThrowIfInvalid("nats");
        return options;
    }

    private static IReadOnlyList<IReadOnlyList<string>> LayerNames(NatsOptions options) =>
        Enumerable.Range(0, NatsLayout.LayerCount)
            .Select(i => (IReadOnlyList<string>)options.CandidateWidths
                .Select(w => $"{(NatsLayout.Kinds[i] == NatsLayerKind.Cell ? "cell" : "resblock")} {w}").ToArray())
            .ToArray();

    private IReadOnlyDictionary<string, Architecture> BuildNamed()
    {
        var named = new Dictionary<string, Architecture>(StringComparer.Ordinal)
        {
            ["largest"] = FromChoices(Enumerable.Repeat(Ops - 1, NatsLayout.LayerCount).ToArray()),
            ["smallest"] = FromChoices(new int[NatsLayout.LayerCount]),
        };
        // Greedy per-block argmin of the released BossNAS CIFAR-10 ratings: 93.29 %.
        if (_options.CandidateWidths.SequenceEqual(NatsOptions.NatsWidths))
            named["bossnas_released_greedy"] = FromWidthString("64:40:48:64:56");
        return named;
    }
}
