using BossNas.Plugins.Nats.Standalone;
using BossNas.Plugins.Nats.Supernet;
using BossNas.Core.Nn;
using static TorchSharp.torch;

namespace BossNas.Plugins.Nats;

/// <summary>
/// Copies a path of the supernet into a stand-alone network: each conv gets <c>weight[:out, :in]</c> of the shared
/// kernel, each BN the state (affine and running statistics) of the supernet's BN for that width.
/// </summary>
internal static class NatsInheritance
{
    public static void Copy(NatsSupernet source, NatsNetwork target, int[] choices)
    {
        var c = target.Channels;
        long imageChannels = target.StemConv.weight!.shape[1];
        if (imageChannels != source.ImageChannels)
            throw new ArgumentException($"the network takes {imageChannels}-channel images, the supernet {source.ImageChannels}");
        using var noGrad = no_grad();
        target.StemConv.weight!.copy_(source.StemConv.Slice(target.StemConv.weight!.shape[1], c[0]));
        StateCopy.Copy(target.StemBn, source.StemBn.Norm(choices[0]));
        int cin = c[0];
        for (int i = 0; i < NatsLayout.LayerCount; i++)
        {
            int cout = c[i], outIndex = choices[i];
            switch (target.Layer(i), source.Layer(i))
            {
                case (Cell cell, SlimCell slim):
                    for (int e = 0; e < CellTopology.Edges.Count; e++)
                        if (cell.Edge(e) is { } edge)
                            Copy(edge, slim.Edge(e)!, CellTopology.Edges[e].From == 0 ? cin : cout, cout, outIndex);
                    break;
                case (ResBlock res, SlimResBlock slim):
                    Copy(res.ConvA, slim.ConvA, cin, cout, outIndex);
                    Copy(res.ConvB, slim.ConvB, cout, cout, outIndex);
                    res.Downsample.weight!.copy_(slim.Downsample.Slice(cin, cout));
                    break;
                default:
                    throw new InvalidOperationException($"layer {i}: {target.Layer(i).GetType().Name} has no counterpart {source.Layer(i).GetType().Name}");
            }
            cin = cout;
        }
    }

    private static void Copy(ReluConvBn target, SlimReluConvBn source, int cin, int cout, int outIndex)
    {
        target.Conv.weight!.copy_(source.Conv.Slice(cin, cout));
        StateCopy.Copy(target.Bn, source.Bn.Norm(outIndex));
    }
}
