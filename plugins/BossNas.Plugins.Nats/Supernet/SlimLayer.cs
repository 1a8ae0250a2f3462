using static TorchSharp.torch;

namespace BossNas.Plugins.Nats.Supernet;

/// <summary>A supernet layer of the size space; its input width is the channel count of its input.</summary>
internal abstract class SlimLayer : nn.Module
{
    protected SlimLayer(string name) : base(name)
    {
    }

    /// <summary>Runs the layer with output width index <paramref name="outIndex"/>.</summary>
    public abstract Tensor Forward(Tensor x, int outIndex);
}
