using BossNas.Core.Nn;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv;

/// <summary>
/// Weight inheritance from the supernet: <see cref="StateCopy.Copy"/> when both modules have the same tensors; when
/// the supernet's BatchNorms have no affine parameters (SPOS), every other tensor is copied and the stand-alone BN
/// weight and bias are set to 1 and 0, which is what an affine-free BN computes.
/// </summary>
internal static class InheritedCopy
{
    public static void Copy(nn.Module target, nn.Module source)
    {
        var src = source.state_dict();
        var dst = target.state_dict();
        if (src.Count == dst.Count)
        {
            StateCopy.Copy(target, source);
            return;
        }
        using var noGrad = no_grad();
        foreach (var (name, t) in dst)
        {
            if (src.TryGetValue(name, out var s) && s.shape.SequenceEqual(t.shape))
            {
                t.copy_(s);
                continue;
            }
            int dot = name.LastIndexOf('.');
            string owner = dot < 0 ? "" : name[..(dot + 1)];
            string leaf = name[(dot + 1)..];
            if (src.ContainsKey(owner + "running_mean") && leaf is "weight" or "bias")
            {
                if (leaf == "weight") t.fill_(1);
                else t.zero_();
                continue;
            }
            throw new ArgumentException($"source has no tensor '{name}' of shape [{string.Join(',', t.shape)}]");
        }
    }
}
