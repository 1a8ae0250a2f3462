using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost;

/// <summary>
/// The input gradients both Jacobian proxies use (NASLib's <c>get_batch_jacobian</c>): J_n = ∂(Σ_c y_nc)/∂x_n, each image's
/// gradient of the sum of its logits, flattened to one row per image. Rows are independent only when the network treats
/// images independently, which a BatchNorm in training mode does not quite: the reference's networks are in training
/// mode too, and so are these.
/// </summary>
internal static class InputJacobian
{
    /// <summary>J as float64 [N, C·H·W], and the number of classes (the logits' width).</summary>
    public static (Tensor Rows, long Classes) Of(nn.Module<Tensor, Tensor> network, Tensor images)
    {
        var x = images.detach().clone().requires_grad_(true);
        var y = network.call(x);
        var j = autograd.grad(new[] { y }, new[] { x }, new[] { ones_like(y) })[0];
        return (j.detach().reshape(j.shape[0], -1).to(ScalarType.Float64), y.shape[^1]);
    }
}
