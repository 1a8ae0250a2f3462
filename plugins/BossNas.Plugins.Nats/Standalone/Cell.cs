using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Standalone;

/// <summary>The fixed cell at widths <c>cin → cout</c>; a skip from the input is ReLU + Conv1x1 + BN when they differ.</summary>
internal sealed class Cell : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ModuleList<ReluConvBn> edges;
    private readonly int[] _moduleOf; // per topology edge: index into edges, or -1 for an identity skip

    public Cell(int cin, int cout) : base(nameof(Cell))
    {
        edges = new ModuleList<ReluConvBn>();
        _moduleOf = new int[CellTopology.Edges.Count];
        for (int i = 0; i < _moduleOf.Length; i++)
        {
            var e = CellTopology.Edges[i];
            int edgeIn = e.From == 0 ? cin : cout;
            if (e.Kernel == 0 && edgeIn == cout)
            {
                _moduleOf[i] = -1;
                continue;
            }
            _moduleOf[i] = edges.Count;
            edges.Add(new ReluConvBn(edgeIn, cout, e.Kernel == 0 ? 1 : e.Kernel, 1));
        }
        RegisterComponents();
    }

    /// <summary>The module of topology edge <paramref name="edge"/>, or null for an identity skip.</summary>
    public ReluConvBn? Edge(int edge) => _moduleOf[edge] < 0 ? null : edges[_moduleOf[edge]];

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var nodes = new Tensor?[CellTopology.Nodes];
        nodes[0] = x;
        for (int i = 0; i < CellTopology.Edges.Count; i++)
        {
            var e = CellTopology.Edges[i];
            var src = nodes[e.From]!;
            var y = Edge(i) is { } m ? m.call(src) : src.alias();
            nodes[e.To] = nodes[e.To] is { } acc ? acc + y : y;
        }
        return nodes[^1]!.MoveToOuterDisposeScope();
    }

    /// <summary>The same sums over the topology's edges, as ONNX nodes.</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var nodes = new string?[CellTopology.Nodes];
        nodes[0] = input;
        for (int i = 0; i < CellTopology.Edges.Count; i++)
        {
            var e = CellTopology.Edges[i];
            var y = Edge(i) is { } m ? graph.Module(m, nodes[e.From]!) : nodes[e.From]!;
            nodes[e.To] = nodes[e.To] is { } acc ? graph.Add(acc, y) : y;
        }
        return nodes[^1]!;
    }
}
