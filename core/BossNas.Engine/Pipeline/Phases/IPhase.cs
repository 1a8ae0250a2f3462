using BossNas.Core.Components;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// One phase of a run: its name in <c>[pipeline] phases</c>, the components it works with, the earlier phases it needs,
/// and what it leaves in the run folder. The pipeline looks phases up in <see cref="PhaseCatalog"/>; a config's phase
/// list is checked against these declarations. A phase that is stopped by the user writes a checkpoint and throws
/// <see cref="RunInterruptedException"/>, the one way the engine says "interrupted".
/// </summary>
internal interface IPhase
{
    /// <summary>The name configs use (<see cref="PhaseNames"/>).</summary>
    string Name { get; }

    /// <summary>The component roles a config that lists this phase must select (the search space always is).</summary>
    IReadOnlyList<ComponentKind> Roles { get; }

    /// <summary>Earlier phases this one needs in the list, each with the reason.</summary>
    IReadOnlyList<PhaseNeed> Needs { get; }

    /// <summary>What the phase leaves in the run folder and the run state (for <c>bossnas plan</c> and docs).</summary>
    string Produces { get; }

    /// <summary>Runs or resumes the phase from the run state's position (<paramref name="resumed"/>: the checkpoint's tensors).</summary>
    /// <exception cref="RunInterruptedException">Stopped by the user after a checkpoint.</exception>
    void Run(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed);
}

/// <summary>An earlier phase a phase needs, and why.</summary>
internal sealed record PhaseNeed(string Phase, string Why);
