using BossNas.Core.Components;
using BossNas.Core.Supervision;
using BossNas.Engine.Config;
using TorchSharp;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Hands the teacher the <c>teacher</c> phase left in the run folder to a distilling strategy
/// (<see cref="ITeacherStudent"/>), right after the strategy built its modules and before saved weights are loaded
/// into them, in every process that trains or rates with the strategy.
/// </summary>
internal static class TeacherState
{
    /// <summary>Name of the teacher's files in the run folder (<c>teacher.bin</c>, <c>teacher.json</c>).</summary>
    public const string Name = PhaseNames.Teacher;

    /// <summary>Gives the strategy its teacher when it distils from one; does nothing otherwise.</summary>
    /// <exception cref="InvalidOperationException">The run folder holds no teacher.</exception>
    public static void Attach(RunSession s)
    {
        if (s.Components.Strategy is not ITeacherStudent student) return;
        var folder = s.Parent ?? s.Folder;
        if (!File.Exists(folder.File(Name + ".json")))
            throw new InvalidOperationException("the strategy distils from a teacher, but the run folder holds none: " +
                                                "put 'teacher' first in [pipeline] phases");
        var (model, arch, _) = TrainedNetwork.Load(folder.Path, Name, s.Components.Space,
            s.Config[ComponentKind.SearchSpace].Plugin, s.Input);
        model.to(s.Device);
        s.TeacherAsLoaded = model.state_dict().Select(kv => (kv.Value, kv.Value.detach().clone())).ToList();
        student.SetTeacher(model, arch);
    }

    /// <summary>
    /// Puts the teacher's tensors back as loaded: a teacher run in train mode (DNA's default, as the public code) drifts
    /// its BatchNorm statistics, and independent block stages each start from, and leave behind, the teacher as trained.
    /// </summary>
    public static void Restore(RunSession s)
    {
        if (s.TeacherAsLoaded is not { } saved) return;
        using var noGrad = torch.no_grad();
        foreach (var (live, loaded) in saved) live.copy_(loaded);
    }
}
