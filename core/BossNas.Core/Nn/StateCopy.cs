using static TorchSharp.torch;

namespace BossNas.Core.Nn;

/// <summary>Copies parameters and buffers (BN running statistics included) between two modules of the same structure.</summary>
public static class StateCopy
{
    /// <summary>Copies every tensor of <paramref name="source"/> into the same-named, same-shaped one of <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">The two modules differ in names or shapes.</exception>
    public static void Copy(nn.Module target, nn.Module source)
    {
        var src = source.state_dict();
        var dst = target.state_dict();
        if (src.Count != dst.Count)
            throw new ArgumentException($"cannot copy {src.Count} tensors into a module with {dst.Count}");
        using var noGrad = no_grad();
        foreach (var (name, t) in dst)
        {
            if (!src.TryGetValue(name, out var s) || !s.shape.SequenceEqual(t.shape))
                throw new ArgumentException($"source has no tensor '{name}' of shape [{string.Join(',', t.shape)}]");
            t.copy_(s);
        }
    }
}
