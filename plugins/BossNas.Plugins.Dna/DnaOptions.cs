using BossNas.Core.Components;

namespace BossNas.Plugins.Dna;

/// <summary>Options of <see cref="DnaStrategy"/>.</summary>
public sealed class DnaOptions : IValidatableOptions
{
    /// <summary>How the teacher runs during distillation; the public code's train mode by default.</summary>
    [Help("teacher mode during distillation: train (the public code: batch statistics, running stats drift) or eval")]
    public TeacherMode TeacherMode { get; set; } = TeacherMode.Train;

    /// <summary>
    /// Per block, a factor on <c>[train] lr</c> (DNA: 0.002 for its first and last block, 0.005 for the others, i.e.
    /// 0.4, 1, ..., 1, 0.4 with lr = 0.005); empty = 1 for every block.
    /// </summary>
    [Help("per-block factor on [train] lr (DNA: [0.4, 1, 1, 1, 0.4] with lr = 0.005); [] = 1 for every block")]
    public double[] BlockLrScales { get; set; } = Array.Empty<double>();

    /// <summary>What maps a student block's output to the teacher's for the loss and the rating (none in the public code).</summary>
    [Help("student output to teacher output: none (the public code; every path must give the teacher's shape) or conv1x1 " +
          "(a learned 1x1 conv per block and output width, for spaces whose blocks change width, e.g. nats)")]
    public OutputAdapter OutputAdapter { get; set; } = OutputAdapter.None;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (BlockLrScales.Any(s => !(s > 0) || double.IsInfinity(s))) yield return ("block_lr_scales", "factors must be positive");
    }
}
