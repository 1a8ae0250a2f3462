using BossNas.Core.Architectures;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Core.Nn;

/// <summary>
/// Counts a built network's cost from its modules: runs one image through it and adds up, per Conv2d and
/// Linear actually called, the multiply-adds of its output, plus what modules implementing <see cref="IMAddsCounted"/>
/// report (attention's matrix products), and all parameters of the network. Spaces check their analytic <c>Cost</c>
/// against this.
/// </summary>
public static class ModuleCounter
{
    /// <summary>Counts <paramref name="network"/> on one image of <paramref name="input"/>.</summary>
    public static Cost Count(nn.Module<Tensor, Tensor> network, InputShape input, double extraMAdds = 0)
    {
        double madds = 0;
        var removers = new List<Action>();
        foreach (var (_, m) in network.named_modules())
        {
            if (m is IMAddsCounted counted && m is nn.Module<Tensor, Tensor> module)
            {
                var hook = module.register_forward_hook((mod, x, y) =>
                {
                    madds += counted.MAdds(x, y);
                    return y;
                });
                removers.Add(hook.remove);
            }
            switch (m)
            {
                case Conv2d conv:
                    var hc = conv.register_forward_hook((mod, x, y) =>
                    {
                        var w = conv.weight!;
                        // weight: [out, in/groups, kh, kw]; one MAdd per weight per output position.
                        madds += (double)w.numel() * y.shape[2] * y.shape[3];
                        return y;
                    });
                    removers.Add(hc.remove);
                    break;
                case Linear linear:
                    var hl = linear.register_forward_hook((mod, x, y) =>
                    {
                        long rows = y.numel() / y.shape[^1];
                        madds += (double)linear.weight!.numel() * rows;
                        return y;
                    });
                    removers.Add(hl.remove);
                    break;
            }
        }
        bool wasTraining = network.training;
        network.eval();
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            network.call(zeros(1, input.Channels, input.Height, input.Width));
        }
        if (wasTraining) network.train();
        foreach (var remove in removers) remove();
        long parameters = network.parameters().Sum(p => p.numel());
        return new Cost(madds + extraMAdds, parameters);
    }
}
