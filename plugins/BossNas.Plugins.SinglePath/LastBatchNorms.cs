using BossNas.Core.Nn;
using BossNas.Core.Spaces;
using TorchSharp.Modules;

namespace BossNas.Plugins.SinglePath;

/// <summary>One candidate op's last BatchNorm.</summary>
/// <param name="Block">Block index.</param>
/// <param name="Layer">Layer index within the block.</param>
/// <param name="Op">Op (choice) index.</param>
/// <param name="Norm">The op's last BatchNorm (BN-NAS trains its γ and β and reads mean|γ|).</param>
public sealed record OpNorm(int Block, int Layer, int Op, NormBase Norm);

/// <summary>
/// Finds the last BatchNorm of every candidate op (BN-NAS: <c>conv.7</c>, the BN after the pw-linear conv, before the
/// residual add), through <see cref="Supernet.CandidateOp"/>:
/// <list type="bullet">
/// <item>an op with its own module: the last BatchNorm in module order;</item>
/// <item>choices of a layer that share one module (slimmable widths with switchable BN, as NATS size): the module's
/// last K BatchNorms, one per sharing choice in choice order (the final switchable BN), choice i taking the i-th;</item>
/// <item>a choice without a module (identity/skip) or without BatchNorm has none; the BN indicator's
/// <c>skip_score</c> says what it contributes.</item>
/// </list>
/// </summary>
public static class LastBatchNorms
{
    /// <summary>Every candidate op's last BatchNorm, by block, layer and op.</summary>
    public static IReadOnlyList<OpNorm> Find(Supernet supernet, ISearchSpace space)
    {
        var result = new List<OpNorm>();
        for (int b = 0; b < space.Blocks.Count; b++)
            for (int l = 0; l < space.Blocks[b].Layers; l++)
            {
                int choices = space.Blocks[b].ChoiceNames[l].Count;
                var modules = Enumerable.Range(0, choices).Select(o => supernet.CandidateOp(b, l, o)).ToArray();
                for (int o = 0; o < choices; o++)
                {
                    if (modules[o] is not { } module) continue;
                    var norms = BatchNormCalibration.Find(module);
                    var sharing = Enumerable.Range(0, choices).Where(i => ReferenceEquals(modules[i], module)).ToList();
                    int index = norms.Count - sharing.Count + sharing.IndexOf(o);
                    if (index >= 0 && index < norms.Count) result.Add(new OpNorm(b, l, o, norms[index]));
                }
            }
        return result;
    }
}
