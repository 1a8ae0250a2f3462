using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost.Proxies;

/// <summary>
/// Fisher (Turner et al., ICLR'20, as NASLib's and zero-cost-nas's <c>fisher.py</c>): at the output a of every
/// convolution and linear layer, per output channel k, Δ_k = ½ mean_n (Σ_spatial a ⊙ ∂L/∂a)², L the cross-entropy of one
/// minibatch. The reference broadcasts each channel's Δ_k over the channel's weights before summing, so a layer adds
/// Σ_k |Δ_k| × (weights per output channel); kept, as it weighs wide inputs and large kernels more.
/// </summary>
/// <remarks>
/// The reference intercepts a by an identity module with a backward hook; here a forward hook on each layer replaces its
/// output by a view of it, and ∂L/∂(view) is that layer's activation gradient.
/// </remarks>
[Component(ComponentKind.Evaluator, "fisher", typeof(ProxyDataOptions),
    Description = "zero-cost: Fisher, channel saliency of activations x their loss gradients on one minibatch")]
public sealed class FisherEvaluator(ProxyDataOptions options) : LabelledProxy(options)
{
    /// <inheritdoc />
    public override double Score(nn.Module<Tensor, Tensor> network, ProxyBatch batch)
    {
        using var scope = NewDisposeScope();
        var layers = WeightedLayers.Of(network);
        var activations = new List<(Tensor Activation, long WeightsPerChannel)>();
        try
        {
            using (var hooks = new ForwardHooks())
            {
                foreach (var (layer, weight) in layers)
                {
                    long perChannel = weight.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
                    hooks.Add(layer, (_, _, y) =>
                    {
                        // Kept outside the network's own dispose scopes, which end before the backward pass.
                        var view = y.alias().DetachFromDisposeScope();
                        activations.Add((view, perChannel));
                        return view;
                    });
                }
                var loss = WeightedLayers.Loss(network, batch);
                if (activations.Count == 0)
                    throw new InvalidOperationException("fisher found no convolution or linear layer called in the forward pass");
                var grads = autograd.grad(new[] { loss }, activations.Select(a => a.Activation).ToArray());
                double score = 0;
                for (int i = 0; i < activations.Count; i++)
                {
                    var (a, perChannel) = activations[i];
                    var g = grads[i].detach().to(ScalarType.Float64);
                    var ag = a.detach().to(ScalarType.Float64) * g;
                    var gnk = ag.dim() > 2 ? ag.sum(Enumerable.Range(2, (int)ag.dim() - 2).Select(d => (long)d).ToArray()) : ag;
                    var delta = gnk.pow(2).mean(new long[] { 0 }).mul(0.5);
                    score += delta.abs().sum().item<double>() * perChannel;
                }
                return score;
            }
        }
        finally
        {
            foreach (var (a, _) in activations) a.Dispose();
        }
    }
}
