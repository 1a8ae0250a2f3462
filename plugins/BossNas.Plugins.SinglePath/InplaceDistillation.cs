using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// BigNAS's inplace distillation loss (AttentiveNAS <c>KLLossSoft</c>, xfey <c>CELossSoft</c>, temperature 1): the
/// cross-entropy of the student's log-softmax against the teacher's softmax, summed over classes and averaged over the
/// batch, −mean_b Σ_c softmax(t)_bc · log_softmax(s)_bc. The teacher logits are detached: no gradient reaches the
/// largest architecture through its own targets.
/// </summary>
internal static class InplaceDistillation
{
    /// <summary>The soft-target cross-entropy of <paramref name="student"/> logits against <paramref name="teacher"/> logits.</summary>
    public static Tensor SoftCrossEntropy(Tensor student, Tensor teacher)
    {
        using var scope = NewDisposeScope();
        var target = teacher.detach().softmax(1);
        var loss = -(target * student.log_softmax(1)).sum(1).mean();
        return loss.MoveToOuterDisposeScope();
    }
}
