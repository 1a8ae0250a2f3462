using BossNas.Core.Architectures;
using static TorchSharp.torch;

namespace BossNas.Core.Supervision;

/// <summary>
/// A strategy that distils from a teacher network (DNA). The host then runs the <c>teacher</c> phase before supernet
/// training (it trains the teacher, or loads one that <c>bossnas train</c> produced), and hands the trained teacher to
/// the strategy with <see cref="SetTeacher"/> after <see cref="ISupervisionStrategy.Build"/>, in every process that
/// trains or rates with the strategy (also after a resume), before any saved strategy weights are loaded.
/// </summary>
public interface ITeacherStudent
{
    /// <summary>
    /// Receives the trained teacher: a stand-alone network of <paramref name="architecture"/> made by the space's
    /// <see cref="Spaces.ISearchSpace.CreateStandalone"/>, on the run's device. The strategy may keep it under its
    /// <see cref="ISupervisionStrategy.Modules"/> (then its state is checkpointed with them, e.g. BN statistics that
    /// drift when the teacher runs in train mode).
    /// </summary>
    /// <exception cref="ArgumentException">The teacher cannot be split into the space's blocks.</exception>
    void SetTeacher(nn.Module<Tensor, Tensor> teacher, Architecture architecture);
}
