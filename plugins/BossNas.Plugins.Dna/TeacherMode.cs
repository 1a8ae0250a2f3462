namespace BossNas.Plugins.Dna;

/// <summary>How the teacher runs while the student blocks are distilled.</summary>
public enum TeacherMode
{
    /// <summary>
    /// Train mode, as DNA's public code: the teacher's BatchNorms normalise with the batch's statistics and their
    /// running statistics drift (they are checkpointed with the strategy's modules). No teacher weight is trained.
    /// </summary>
    Train,

    /// <summary>Eval mode: the teacher's targets depend on the image only, not on the rest of the batch.</summary>
    Eval,
}
