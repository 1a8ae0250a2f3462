using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>How an <see cref="MlpHead"/>'s linear layers are initialised.</summary>
public enum MlpInit
{
    /// <summary>Kaiming normal, fan-in, ReLU gain; bias 0 (the projectors).</summary>
    Kaiming,

    /// <summary>Normal(0, 0.01); bias 0 (the predictors).</summary>
    Normal,
}
