using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Supernet;

/// <summary>
/// The fixed cell with shared kernels. Edges from the input go from the incoming width to the output width; a skip
/// from the input runs its ReLU + Conv1x1 + BN (FactorizedReduce at stride 1) only when the two widths differ.
/// </summary>
internal sealed class SlimCell : SlimLayer
{
    private readonly ModuleList<SlimReluConvBn> edges;
    private readonly int[] _moduleOf; // per topology edge: index into edges, or -1 for an identity skip
    private readonly IReadOnlyList<int> _widths;

    public SlimCell(IReadOnlyList<int> widths) : base(nameof(SlimCell))
    {
        _widths = widths;
        edges = new ModuleList<SlimReluConvBn>();
        _moduleOf = new int[CellTopology.Edges.Count];
        for (int i = 0; i < _moduleOf.Length; i++)
        {
            var e = CellTopology.Edges[i];
            if (e.Kernel == 0 && e.From != 0)
            {
                _moduleOf[i] = -1;
                continue;
            }
            _moduleOf[i] = edges.Count;
            edges.Add(new SlimReluConvBn(widths, e.Kernel == 0 ? 1 : e.Kernel, 1));
        }
        RegisterComponents();
    }

    /// <summary>The module of topology edge <paramref name="edge"/>, or null for an identity skip.</summary>
    public SlimReluConvBn? Edge(int edge) => _moduleOf[edge] < 0 ? null : edges[_moduleOf[edge]];

    public override Tensor Forward(Tensor x, int outIndex)
    {
        using var scope = NewDisposeScope();
        long cout = _widths[outIndex];
        var nodes = new Tensor?[CellTopology.Nodes];
        nodes[0] = x;
        for (int i = 0; i < CellTopology.Edges.Count; i++)
        {
            var e = CellTopology.Edges[i];
            var src = nodes[e.From]!;
            var y = e.Kernel == 0 && src.shape[1] == cout ? src.alias() : Edge(i)!.Forward(src, outIndex);
            nodes[e.To] = nodes[e.To] is { } acc ? acc + y : y;
        }
        return nodes[^1]!.MoveToOuterDisposeScope();
    }
}
