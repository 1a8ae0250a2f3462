using BossNas.Core.Components;

namespace BossNas.PluginTemplate;

/// <summary>Options of <see cref="ExampleEvolution"/>.</summary>
public sealed class ExampleEvolutionOptions
{
    /// <summary>Architectures per generation.</summary>
    [Help("architectures per generation")]
    [Range(2, 1000)]
    public int Population { get; set; } = 6;

    /// <summary>Generations after the first.</summary>
    [Help("generations after the first")]
    [Range(1, 1000)]
    public int Generations { get; set; } = 4;
}
