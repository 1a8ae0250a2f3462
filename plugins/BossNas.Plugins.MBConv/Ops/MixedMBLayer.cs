using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Plugins.MBConv.Ops;

/// <summary>
/// A supernet layer: one branch per candidate op and ONE residual module shared by all of them (in BossNAS the list
/// of candidates repeats the same shortcut object, so its weights are trained by every path through the layer). The
/// skip choice has no branch: the layer returns its residual path alone.
/// </summary>
internal sealed class MixedMBLayer : nn.Module
{
    private readonly ModuleList<InvertedResidualBranch> ops;
    private readonly nn.Module<Tensor, Tensor> shortcut;
    private readonly int[] _branchOf; // per op index: index into ops, or -1 for the skip
    private readonly bool _identityShortcut;

    public MixedMBLayer(int inChannels, int outChannels, int stride, double seRatio, IReadOnlyList<MBConvOp> candidates,
        bool bnAffine) : base(nameof(MixedMBLayer))
    {
        ops = new ModuleList<InvertedResidualBranch>();
        _branchOf = new int[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].IsSkip)
            {
                _branchOf[i] = -1;
                continue;
            }
            _branchOf[i] = ops.Count;
            ops.Add(new InvertedResidualBranch(inChannels, outChannels, candidates[i], stride, seRatio, bnAffine));
        }
        shortcut = Shortcut.Create(inChannels, outChannels, stride, bnAffine);
        _identityShortcut = stride == 1 && inChannels == outChannels;
        RegisterComponents();
    }

    /// <summary>The branch of op <paramref name="index"/>, or null for the skip.</summary>
    public InvertedResidualBranch? Op(int index) => _branchOf[index] < 0 ? null : ops[_branchOf[index]];

    public nn.Module<Tensor, Tensor> ShortcutModule => shortcut;

    /// <summary>Drop-connect rate of the branch in training mode (<see cref="Core.Spaces.IStochasticDepth"/>; layers with an identity shortcut only).</summary>
    public double DropConnectRate { get; set; }

    public Tensor Forward(Tensor x, int op)
    {
        using var scope = NewDisposeScope();
        var branch = Op(op);
        var residual = shortcut.call(x);
        if (branch is null) return residual.MoveToOuterDisposeScope();
        var y = branch.call(x);
        if (training && _identityShortcut) y = Core.Nn.DropConnect.Apply(y, DropConnectRate);
        return (y + residual).MoveToOuterDisposeScope();
    }
}
