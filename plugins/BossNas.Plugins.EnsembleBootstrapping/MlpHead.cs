using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.EnsembleBootstrapping;

/// <summary>
/// The two-layer MLP of BYOL/BossNAS projectors and predictors: Linear(in, hidden) → BN1d → ReLU →
/// Linear(hidden, out), without a final BN (OpenSelfSup's <c>NonLinearNeckSimCLR</c> with two layers).
/// </summary>
public sealed class MlpHead : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly BatchNorm1d bn;
    private readonly Linear fc2;

    /// <summary>Creates the MLP.</summary>
    public MlpHead(string name, int inFeatures, int hidden, int outFeatures, MlpInit init) : base(name)
    {
        fc1 = nn.Linear(inFeatures, hidden);
        bn = nn.BatchNorm1d(hidden);
        fc2 = nn.Linear(hidden, outFeatures);
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var fc in new[] { fc1, fc2 })
        {
            if (init == MlpInit.Kaiming)
                nn.init.kaiming_normal_(fc.weight!, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.ReLU);
            else
                nn.init.normal_(fc.weight!, 0, 0.01);
            nn.init.zeros_(fc.bias!);
        }
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var h = fc1.call(x);
        using var n = bn.call(h);
        using var r = nn.functional.relu(n);
        return fc2.call(r);
    }
}
