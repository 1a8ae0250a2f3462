using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost;

/// <summary>
/// The layers the reference proxies sum over: every <c>Conv2d</c> and <c>Linear</c> (NASLib's
/// <c>get_layer_metric_array</c>), in module order, with their weights. Biases, BatchNorm and other parameters do not count.
/// </summary>
internal static class WeightedLayers
{
    public static IReadOnlyList<(nn.Module<Tensor, Tensor> Layer, Tensor Weight)> Of(nn.Module network)
    {
        var layers = new List<(nn.Module<Tensor, Tensor>, Tensor)>();
        foreach (var m in ModuleTree.All(network))
        {
            switch (m)
            {
                case Conv2d conv: layers.Add((conv, conv.weight!)); break;
                case Linear linear: layers.Add((linear, linear.weight!)); break;
            }
        }
        return layers;
    }

    public static Tensor[] Weights(nn.Module network) => Of(network).Select(l => l.Weight).ToArray();

    /// <summary>
    /// The gradients of a scalar <paramref name="loss"/> with respect to <paramref name="weights"/>; with
    /// <paramref name="createGraph"/> their own graph is built and the loss's kept (PyTorch's default, not TorchSharp's).
    /// </summary>
    /// <exception cref="InvalidOperationException">No weights (libtorch would abort the process).</exception>
    public static IList<Tensor> Gradients(Tensor loss, IList<Tensor> weights, bool createGraph = false) =>
        weights.Count == 0
            ? throw new InvalidOperationException("the network has no convolution or linear layer for the proxy to sum over")
            : autograd.grad(new[] { loss }, weights, retain_graph: createGraph, create_graph: createGraph);

    /// <summary>NASLib's loss: cross-entropy of the network's logits on the batch.</summary>
    public static Tensor Loss(nn.Module<Tensor, Tensor> network, ProxyBatch batch) =>
        nn.functional.cross_entropy(network.call(batch.Images), batch.Labels);
}
