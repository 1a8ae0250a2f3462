using static TorchSharp.torch;

namespace BossNas.Plugins.ZeroCost;

/// <summary>A network and all its descendants, each once (TorchSharp's <c>modules()</c> leaves out the root).</summary>
internal static class ModuleTree
{
    public static IEnumerable<nn.Module> All(nn.Module network)
    {
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var m in network.modules().Prepend(network))
            if (seen.Add(m)) yield return m;
    }
}
