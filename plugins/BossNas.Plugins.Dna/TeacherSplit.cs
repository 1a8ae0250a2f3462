using BossNas.Core.Spaces;
using static TorchSharp.torch;

namespace BossNas.Plugins.Dna;

/// <summary>The teacher split into the space's blocks: what student block b receives and what it must reproduce.</summary>
internal static class TeacherSplit
{
    /// <summary>
    /// For student block <paramref name="block"/>: the guide (the teacher's output of block b − 1; for block 0 the
    /// images themselves, which the student's own stem takes) and the target (the teacher's output of block b). Runs
    /// the teacher in whatever mode it is in, without gradients. For block 0 the guide is <paramref name="images"/>
    /// itself, not a copy.
    /// </summary>
    public static (Tensor Guide, Tensor Target) GuideAndTarget(IStandaloneNetwork teacher, int block, Tensor images)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = teacher.ForwardStem(images);
        for (int k = 0; k < block; k++) x = teacher.ForwardBlock(k, x);
        var target = teacher.ForwardBlock(block, x);
        if (block == 0) return (images, target.MoveToOuterDisposeScope());
        return (x.MoveToOuterDisposeScope(), target.MoveToOuterDisposeScope());
    }

    /// <summary>The whole teacher run block by block: stem, every block, head (equals its forward).</summary>
    public static Tensor Chained(IStandaloneNetwork teacher, Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = teacher.ForwardStem(images);
        for (int k = 0; k < teacher.BlockCount; k++) x = teacher.ForwardBlock(k, x);
        return teacher.ForwardHead(x).MoveToOuterDisposeScope();
    }
}
