using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// NASWOT (Mellor et al., ICML'21, the paper's second version; NASLib <c>nwot.py</c>): each image's binary code is the
/// sign pattern (x &gt; 0) of the input of every ReLU it passes; the kernel K_ij counts the units where images i and j
/// agree (N_A minus their Hamming distance), summed over ReLUs; the score is log |det K| over one minibatch.
/// </summary>
/// <remarks>
/// ReLUs are the modules whose type name contains "ReLU" (the reference's rule: ReLU, ReLU6, LeakyReLU). A network with
/// none (the mbconv space's SiLU) takes the input signs of its SiLU, GELU, Hardswish and Mish modules instead, so the
/// proxy still means "which side of the gate each unit is on". Activations applied as functions, not modules (some of
/// HyTra's), are not seen.
/// </remarks>
[Component(ComponentKind.Evaluator, "nwot", typeof(ProxyDataOptions),
    Description = "zero-cost: NASWOT, log-determinant of the ReLU binary-code kernel on one minibatch")]
public sealed class NwotEvaluator(ProxyDataOptions options) : LabelledProxy(options)
{
    private static readonly string[] Gates = ["SiLU", "GELU", "Hardswish", "Mish"];

    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        var k = Kernel(network, batch.Images);
        return linalg.slogdet(k).Item2.item<double>();
    }

    /// <summary>The kernel K (float64, [N, N]) of <paramref name="images"/>: agreements of binary codes summed over the gates.</summary>
    public static Tensor Kernel(nn.Module<Tensor, Tensor> network, Tensor images)
    {
        long n = images.shape[0];
        var k = zeros(n, n, ScalarType.Float64, device: images.device);
        var gates = GateModules(network);
        if (gates.Count == 0)
            throw new InvalidOperationException("nwot needs activation modules (ReLU, or SiLU/GELU/Hardswish/Mish) to read binary codes from; the network has none");
        using var hooks = new ForwardHooks();
        foreach (var gate in gates)
            hooks.Add(gate, (_, x, y) =>
            {
                using var inner = NewDisposeScope();
                var c = x.reshape(x.shape[0], -1).gt(0).to(ScalarType.Float64);
                var notC = 1.0 - c;
                k.add_(c.mm(c.t())).add_(notC.mm(notC.t()));
                return y;
            });
        using (no_grad()) network.call(images);
        return k;
    }

    private static List<nn.Module<Tensor, Tensor>> GateModules(nn.Module network)
    {
        var all = ModuleTree.All(network).OfType<nn.Module<Tensor, Tensor>>().ToList();
        var relus = all.Where(m => m.GetType().Name.Contains("ReLU", StringComparison.Ordinal)).ToList();
        return relus.Count > 0 ? relus : all.Where(m => Gates.Contains(m.GetType().Name)).ToList();
    }
}
