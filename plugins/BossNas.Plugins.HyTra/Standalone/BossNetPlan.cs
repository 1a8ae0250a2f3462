using BossNas.Core.Architectures;

namespace BossNas.Plugins.HyTra.Standalone;

/// <summary>One BossNet stage: a level, the stride into it, and the primitives of its layers in order.</summary>
/// <param name="Level">Resolution level.</param>
/// <param name="Stride">1 for the finest level (it takes the stem's map), 2 for the others.</param>
/// <param name="Layers">The primitives of the path's layers at this level; empty for a level the path skips.</param>
internal sealed record BossNetStage(int Level, int Stride, IReadOnlyList<Primitive> Layers);

/// <summary>
/// BossNet's macro structure from an architecture (<c>retraining_hytra/boss_models.py</c>): a timm-ResNet-like
/// network with one stage per level, finest first; a stage has as many layers as the path spends at its level.
/// BossNAS's encoding per stage (1 = ResConv, 0 = ResAtt) is the list of primitives here.
/// </summary>
internal static class BossNetPlan
{
    public static IReadOnlyList<BossNetStage> Stages(HyTraLayout layout, Architecture architecture)
    {
        var ops = architecture.Blocks.SelectMany(b => b.Ops).Select(o => layout.Ops[o]).ToList();
        var stages = new List<BossNetStage>();
        for (int level = layout.Finest; level >= 0; level--)
        {
            int l = level;
            stages.Add(new BossNetStage(level, level == layout.Finest ? 1 : 2,
                ops.Where(o => o.Level == l).Select(o => o.Primitive).ToArray()));
        }
        return stages;
    }
}
