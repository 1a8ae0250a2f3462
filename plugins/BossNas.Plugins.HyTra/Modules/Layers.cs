using BossNas.Core.Nn.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.HyTra.Modules;

/// <summary>Activation functions a network may use.</summary>
internal enum Activation
{
    Relu,
    Silu,
}

/// <summary>Small factories shared by the supernet ops and the stand-alone networks.</summary>
internal static class Layers
{
    /// <summary>A bias-free k x k convolution with "same" padding.</summary>
    public static Conv2d Conv(long cin, long cout, long kernel, long stride = 1) =>
        nn.Conv2d(cin, cout, kernel, stride: stride, padding: kernel / 2, bias: false);

    /// <summary>
    /// PEG: a depthwise 3x3 conv with bias, used as positional encoding (BossNAS returns conv(x), without the
    /// CPVT residual).
    /// </summary>
    public static Conv2d Peg(long channels, long stride) =>
        nn.Conv2d(channels, channels, 3, stride: stride, padding: 1, groups: channels, bias: true);

    public static BatchNorm2d Bn(long channels) => nn.BatchNorm2d(channels);

    /// <summary>A BatchNorm whose scale starts at zero, so its residual block starts as the shortcut.</summary>
    public static BatchNorm2d ZeroBn(long channels)
    {
        var bn = nn.BatchNorm2d(channels);
        using (no_grad()) bn.weight!.zero_();
        return bn;
    }

    public static nn.Module<Tensor, Tensor> ActModule(Activation act) =>
        act == Activation.Silu ? nn.SiLU() : nn.ReLU();

    public static Tensor Act(Tensor x, Activation act) =>
        act == Activation.Silu ? nn.functional.silu(x) : nn.functional.relu(x);

    /// <summary><see cref="Act"/> as an ONNX node.</summary>
    public static string Act(OnnxGraph graph, string x, Activation act) =>
        act == Activation.Silu ? graph.Silu(x) : graph.Relu(x);

    /// <summary>Conv + BN + activation, the shortcut of the search ops when channels change or the map halves.</summary>
    public static Sequential ConvBnAct(long cin, long cout, long kernel, long stride, Activation act) =>
        nn.Sequential(("conv", Conv(cin, cout, kernel, stride)), ("bn", Bn(cout)), ("act", ActModule(act)));

    /// <summary>Copies every parameter and buffer of <paramref name="target"/> from the same-named ones of
    /// <paramref name="source"/> (which may have more).</summary>
    public static void CopyState(nn.Module target, nn.Module source)
    {
        var src = source.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, t) in target.state_dict())
        {
            if (!src.TryGetValue(name, out var s))
                throw new InvalidOperationException($"source module has no '{name}'");
            t.copy_(s);
        }
    }
}
