using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>The initial weights of a <c>bossnas train</c> network, read from <see cref="InitialWeights"/>, and where they came from.</summary>
/// <param name="Source">The source as recorded in the run state.</param>
/// <param name="Weights">The stand-alone network's state dict.</param>
internal sealed record TrainingStart(string Source, IReadOnlyDictionary<string, Tensor> Weights);
