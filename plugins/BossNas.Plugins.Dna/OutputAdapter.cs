namespace BossNas.Plugins.Dna;

/// <summary>What stands between a student block's output and the teacher's block output in the distillation loss.</summary>
public enum OutputAdapter
{
    /// <summary>
    /// Nothing, as DNA's public code: every path of a block outputs the teacher's shape (its spaces fix each block's
    /// width and resolution), so the student's output is compared with the target as it is.
    /// </summary>
    None,

    /// <summary>
    /// A learned 1×1 convolution (with bias) per block and per output width the block can give, mapping the student's
    /// output to the teacher's width (a FitNets-style regressor). It trains with its block and is used again when
    /// rating. For spaces whose blocks change width with the path (the nats size space); the resolution must not change.
    /// </summary>
    Conv1x1,
}
