using BossNas.Core.Architectures;
using BossNas.Core.Nn;

namespace BossNas.Plugins.Nats;

/// <summary>
/// Analytic MAdds and parameters of the stand-alone size-space network (convolutions and the linear layer; BN adds
/// parameters only; ReLU, pooling and additions are free).
/// </summary>
internal static class NatsCost
{
    public static Cost Of(NatsLayout layout, IReadOnlyList<int> channels)
    {
        int c1 = channels[0];
        var cost = Counting.Conv(layout.Input.Channels, c1, 3, layout.InH[0], layout.InW[0]) + Counting.BatchNorm(c1);
        int cin = c1;
        for (int i = 0; i < NatsLayout.LayerCount; i++)
        {
            int cout = channels[i], h = layout.OutH[i], w = layout.OutW[i];
            cost += NatsLayout.Kinds[i] == NatsLayerKind.Cell ? Cell(cin, cout, h, w) : Reduction(cin, cout, h, w);
            cin = cout;
        }
        return cost + Counting.BatchNorm(cin) + Counting.Linear(cin, layout.Input.Classes);
    }

    /// <summary>The cell: one ReLU-Conv-BN per conv edge (from the input: cin→cout), plus the 1x1 skip when cin ≠ cout.</summary>
    public static Cost Cell(int cin, int cout, int h, int w)
    {
        Cost cost = default;
        foreach (var e in CellTopology.Edges)
        {
            int edgeIn = e.From == 0 ? cin : cout;
            if (e.Kernel == 0 && edgeIn == cout) continue;
            cost += Counting.Conv(edgeIn, cout, e.Kernel == 0 ? 1 : e.Kernel, h, w) + Counting.BatchNorm(cout);
        }
        return cost;
    }

    /// <summary>The reduction block at output size <paramref name="h"/>x<paramref name="w"/>: two 3x3 ReLU-Conv-BN, one 1x1 residual conv.</summary>
    public static Cost Reduction(int cin, int cout, int h, int w) =>
        Counting.Conv(cin, cout, 3, h, w) + Counting.BatchNorm(cout)
        + Counting.Conv(cout, cout, 3, h, w) + Counting.BatchNorm(cout)
        + Counting.Conv(cin, cout, 1, h, w);
}
