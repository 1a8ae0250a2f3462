using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>
/// A block's projector: block outputs of different widths are first mapped to a common
/// width by a per-width adapter Conv1×1 + BN2d (for every width, or none for outputs already that wide), then globally
/// average pooled and projected by an <see cref="MlpHead"/>. One adapter per width the block can output, built up front
/// so every path's output has its own adapter and the parameter names are fixed before training.
/// </summary>
public sealed class ProjectionNeck : nn.Module<Tensor, Tensor>
{
    private readonly ModuleDict<nn.Module<Tensor, Tensor>> adapters;
    private readonly MlpHead mlp;
    private readonly int _channels;

    /// <summary>Creates the neck.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="inputWidths">Every channel count the block can output.</param>
    /// <param name="channels">The common width adapters map to.</param>
    /// <param name="hidden">Hidden width of the MLP.</param>
    /// <param name="projection">Output width.</param>
    /// <param name="adaptEveryWidth">Give outputs already <paramref name="channels"/> wide an adapter too.</param>
    public ProjectionNeck(string name, IEnumerable<int> inputWidths, int channels, int hidden, int projection, bool adaptEveryWidth = false)
        : base(name)
    {
        _channels = channels;
        adapters = new ModuleDict<nn.Module<Tensor, Tensor>>();
        foreach (int c in inputWidths.Distinct().Where(c => adaptEveryWidth || c != channels).Order())
        {
            var conv = nn.Conv2d(c, channels, 1, bias: false);
            using (no_grad())
                nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanIn,
                    nonlinearity: nn.init.NonlinearityType.ReLU);
            adapters.Add(Key(c), nn.Sequential(("conv", conv), ("bn", nn.BatchNorm2d(channels))));
        }
        mlp = new MlpHead("mlp", channels, hidden, projection, MlpInit.Kaiming);
        RegisterComponents();
    }

    /// <summary>Projects a block output [B, C, H, W] to [B, projection].</summary>
    /// <exception cref="ArgumentException">The neck has no adapter for the input's width.</exception>
    public override Tensor forward(Tensor x)
    {
        int c = (int)x.shape[1];
        Tensor pooled;
        if (adapters.TryGetValue(Key(c), out var adapter))
        {
            using var a = adapter.call(x);
            pooled = a.mean(new long[] { 2, 3 });
        }
        else if (c == _channels)
        {
            pooled = x.mean(new long[] { 2, 3 });
        }
        else
        {
            throw new ArgumentException($"neck '{GetName()}' has no adapter for {c} channels (block outputs " +
                                        "must be among the supernet's PossibleBlockOutputs)");
        }
        using (pooled) return mlp.call(pooled);
    }

    /// <summary>The per-width adapters.</summary>
    public nn.Module Adapters => adapters;

    /// <summary>The pooled projection MLP.</summary>
    public MlpHead Mlp => mlp;

    private static string Key(int channels) => "c" + channels.ToString(CultureInfo.InvariantCulture);
}
