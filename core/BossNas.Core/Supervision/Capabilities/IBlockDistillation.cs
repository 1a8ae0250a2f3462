using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using static TorchSharp.torch;

namespace BossNas.Core.Supervision.Capabilities;

/// <summary>
/// A strategy whose student supernet learns block by block to reproduce a teacher's block outputs from the teacher's
/// previous block output (DNA). Evaluators that rate a block path by its distillation loss need this.
/// </summary>
public interface IBlockDistillation : ITeacherStudent
{
    /// <summary>The teacher's architecture (its blocks are the guides' prefix).</summary>
    Architecture TeacherArchitecture { get; }

    /// <summary>The teacher network (its stand-alone form, with block boundaries).</summary>
    IStandaloneNetwork Teacher { get; }

    /// <summary>The teacher as a module (for its BatchNorm statistics and mode).</summary>
    nn.Module TeacherModule { get; }

    /// <summary>The student's output of <paramref name="block"/> along <paramref name="path"/> for a teacher guide.</summary>
    Tensor StudentBlock(int block, Tensor guide, BlockPath path);

    /// <summary>
    /// What the student predicts for the teacher's block output (<see cref="StudentBlock"/>, mapped to the teacher's width
    /// where they differ).
    /// </summary>
    Tensor StudentPrediction(int block, Tensor guide, BlockPath path);
}
