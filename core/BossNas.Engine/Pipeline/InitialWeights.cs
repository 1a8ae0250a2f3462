using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Engine.Config;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// Where <c>bossnas train</c> takes a network's initial weights from instead of the space's initialisation: a PyTorch
/// state dict (<c>--init</c>, <see cref="PyTorchInitialWeights"/>) or a trained supernet (<c>--from-supernet</c>,
/// <see cref="SupernetInitialWeights"/>). The weights are read and checked before the run folder is made, so a file
/// that does not fit is a config error and nothing runs.
/// </summary>
public abstract class InitialWeights
{
    /// <summary>The command-line option that named the source, for error messages.</summary>
    public abstract string Option { get; }

    /// <summary>The source as recorded in <c>state.json</c> and <c>model.json</c>; a training resumes only with the same one.</summary>
    public abstract string Source { get; }

    /// <summary>
    /// The state dict of <paramref name="architecture"/>'s stand-alone network for images of <paramref name="input"/>, taken
    /// from the source (CPU tensors; the caller disposes them).
    /// </summary>
    /// <exception cref="ConfigException">The source does not fit the network or the config's search space.</exception>
    internal Dictionary<string, Tensor> StandaloneState(RunConfig config, ISearchSpace space, Architecture architecture, InputShape input)
    {
        using var scope = NewDisposeScope();
        try
        {
            using var model = Standalone(config, space, architecture, input);
            return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().MoveToOuterDisposeScope(), StringComparer.Ordinal);
        }
        catch (InvalidDataException e)
        {
            throw new ConfigException([new ConfigError(Option, 0, 0, e.Message)]);
        }
    }

    /// <summary>
    /// A stand-alone network initialised as training initialises it (the same seed), so that what the source does not set
    /// (a classifier no supernet holds) starts as it would without the source, and the run stays deterministic.
    /// </summary>
    protected static nn.Module<Tensor, Tensor> CreateSeeded(RunConfig config, ISearchSpace space, Architecture architecture, InputShape input)
    {
        manual_seed(Runs.RunSeeds.StandaloneInit(config.Run.Seed));
        return space.CreateStandalone(architecture, input);
    }

    /// <summary>The stand-alone network (made by <see cref="CreateSeeded"/>) with the source's weights.</summary>
    /// <exception cref="InvalidDataException">The source does not fit.</exception>
    protected abstract nn.Module<Tensor, Tensor> Standalone(RunConfig config, ISearchSpace space, Architecture architecture, InputShape input);
}
