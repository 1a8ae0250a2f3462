using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Modules;

/// <summary>One block of the supernet: its searchable layers.</summary>
internal sealed class SupernetBlock : nn.Module
{
    private readonly ModuleList<MixedLayer> layers;

    public SupernetBlock(HyTraLayout layout, HyTraPathRules rules, int block) : base(nameof(SupernetBlock))
    {
        layers = new ModuleList<MixedLayer>();
        foreach (var reachable in rules.ReachableOps(block)) layers.Add(new MixedLayer(layout, reachable));
        RegisterComponents();
    }

    public MixedLayer Layer(int layer) => layers[layer];
}
