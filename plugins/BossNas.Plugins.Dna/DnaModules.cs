using BossNas.Core.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Plugins.Dna;

/// <summary>
/// The root of what <see cref="DnaStrategy"/> keeps: the student supernet and, once the host handed it over, the
/// teacher (frozen; its BatchNorm statistics are saved with the rest because train mode changes them), and the output
/// adapters when <see cref="OutputAdapter.Conv1x1"/> is chosen.
/// </summary>
internal sealed class DnaModules : nn.Module
{
    private readonly Supernet supernet;
    private nn.Module<Tensor, Tensor>? _teacher;

    public DnaModules(Supernet supernet, BlockAdapters? adapters) : base(nameof(DnaModules))
    {
        this.supernet = supernet;
        RegisterComponents();
        // Registered only when chosen, so runs without adapters keep the state names they always had.
        if (adapters is not null) register_module("adapters", adapters);
        Adapters = adapters;
    }

    public Supernet Supernet => supernet;

    /// <summary>The output adapters, or null (<see cref="OutputAdapter.None"/>).</summary>
    public BlockAdapters? Adapters { get; }

    public nn.Module<Tensor, Tensor>? Teacher => _teacher;

    /// <summary>Registers <paramref name="teacher"/> under the name <c>teacher</c>, frozen.</summary>
    public void SetTeacher(nn.Module<Tensor, Tensor> teacher)
    {
        if (_teacher is not null) throw new InvalidOperationException("dna: the teacher was already set");
        foreach (var p in teacher.parameters()) p.requires_grad = false;
        register_module("teacher", teacher);
        _teacher = teacher;
    }
}
