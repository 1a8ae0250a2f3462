using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Data;
using System.Runtime.CompilerServices;
using BossNas.Core.Context;
using BossNas.Core.Spaces;
using BossNas.Core.Supervision;
using BossNas.Core.Supervision.Capabilities;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.SinglePath;

/// <summary>
/// BN-NAS supernet training (Chen et al. 2021; bychen515/BNNAS): from random initialisation, only γ and β of the last
/// BatchNorm of every candidate op train (<see cref="LastBatchNorms"/>); every convolution (He fan-out init), every
/// other BN and the classifier stay frozen at their random init. Paths are drawn uniformly; the loss is
/// label-smoothed cross-entropy. The public code trains 10 epochs against SPOS's 100. Frozen parameters get
/// <c>requires_grad = false</c>, so no convolution weight gradient is computed at all.
/// </summary>
[Component(ComponentKind.Supervision, "bn_nas", typeof(BnNasOptions),
    Description = "BN-NAS: trains only the last BN (gamma, beta) of every candidate op from random init")]
public sealed class BnNasStrategy(BnNasOptions options) : SinglePathStrategy, IBatchNormIndicators
{
    private IReadOnlyList<OpNorm>? _norms;

    /// <inheritdoc />
    protected override string Name => "bn_nas";

    private static readonly ConditionalWeakTable<ISearchSpace, string> Checked = new();

    /// <summary>
    /// Refuses a space whose candidate ops have no last BatchNorm with affine parameters (e.g. mbconv with
    /// <c>supernet_bn_affine = false</c>), found by building the supernet once for a 32×32 RGB input (cached per space).
    /// </summary>
    public override string? CheckCompatible(ISearchSpace space)
    {
        if (SlicedBatchNorm(space) is { } sliced) return sliced;
        var why = Checked.GetValue(space, s =>
        {
            try
            {
                using var scope = NewDisposeScope();
                using var supernet = s.CreateSupernet(new InputShape(3, 32, 32, 10));
                var norms = LastBatchNorms.Find(supernet, s);
                if (norms.Count == 0) return "bn_nas trains the last BatchNorm of every candidate op; this space's ops have none";
                var n = norms.FirstOrDefault(x => x.Norm.weight is null || x.Norm.bias is null);
                return n is null ? ""
                    : $"bn_nas trains γ and β of each op's last BatchNorm; block {n.Block} layer {n.Layer} op {n.Op} has none " +
                      "(set the space's supernet_bn_affine = true)";
            }
            catch (ArgumentException)
            {
                return ""; // the space cannot be built at 32 px; Build checks again at the run's input
            }
        });
        return why.Length == 0 ? null : why;
    }

    /// <summary>
    /// Why a space whose candidates slice one BatchNorm (<see cref="WeightSharing.Sliced"/>) cannot be rated by BN γ, or
    /// null: a candidate has no BatchNorm of its own there, so γ would rank channels, not ops.
    /// </summary>
    internal static string? SlicedBatchNorm(ISearchSpace space) =>
        space.Sharing.BatchNorm == WeightSharing.Sliced
            ? $"bn_nas reads each candidate op's own BatchNorm γ; {ComponentNames.Of(space)} slices one BatchNorm across its candidates " +
              $"({space.Sharing}), so γ would rank channels, not ops"
            : null;

    /// <summary>The BatchNorms that train: the last one of every candidate op.</summary>
    public IReadOnlyList<OpNorm> TrainedNorms => _norms ?? throw new InvalidOperationException("bn_nas: Build has not been called");

    /// <inheritdoc />
    protected override void AfterBuild(RunContext context)
    {
        if (options.ConvInit == "he_fan_out") ConvInit.HeFanOut(Supernet);
        _norms = LastBatchNorms.Find(Supernet, Space);
        if (_norms.Count == 0) throw new InvalidOperationException("bn_nas: no candidate op of this space has a BatchNorm");
        var notAffine = _norms.FirstOrDefault(n => n.Norm.weight is null || n.Norm.bias is null);
        if (notAffine is not null)
            throw new InvalidOperationException($"bn_nas: the last BatchNorm of block {notAffine.Block} layer {notAffine.Layer} op " +
                                                $"{notAffine.Op} has no affine parameters (set the space's supernet_bn_affine = true)");
        using (no_grad())
            foreach (var n in _norms)
            {
                n.Norm.weight!.fill_(1);
                n.Norm.bias!.zero_();
            }
        context.Log.Info("bn_nas: {N} BatchNorms train (the last of every candidate op); everything else is frozen", _norms.Count);
    }

    /// <summary>Freezes everything, then unfreezes γ and β of <see cref="TrainedNorms"/> and returns them.</summary>
    public override IReadOnlyList<(string Name, Parameter Parameter)> StartStage(StageSpec stage, Architecture fixedPrefix)
    {
        Modules.train();
        foreach (var p in Modules.parameters()) p.requires_grad = false;
        var trained = new HashSet<IntPtr>();
        foreach (var n in TrainedNorms)
        {
            n.Norm.weight!.requires_grad = true;
            n.Norm.bias!.requires_grad = true;
            trained.Add(n.Norm.weight.Handle);
            trained.Add(n.Norm.bias.Handle);
        }
        return Modules.named_parameters().Where(p => trained.Contains(p.parameter.Handle)).Select(p => (p.name, p.parameter)).ToList();
    }

    /// <inheritdoc />
    public override double TrainStep(TrainBatch batch, StepInfo step, double lossScale, RunContext context)
    {
        var arch = SampleUniform(context);
        var loss = nn.functional.cross_entropy(Logits(batch.Images, arch), batch.Labels, label_smoothing: options.LabelSmoothing);
        (loss * lossScale).backward();
        return loss.item<float>();
    }
}
