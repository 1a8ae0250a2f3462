using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BossNas.Engine.Training.Optimizers;

/// <summary>
/// Base of the engine's optimisers. They are written here rather than taken from TorchSharp so that
/// (1) a parameter without a gradient in a step (a candidate op no sampled path used) gets no update at all —
/// no momentum, no weight decay, as BossNAS and SPOS require; (2) BN and bias parameters (1-D) get no weight
/// decay (and, for LARS, no trust-ratio adaptation); (3) the state is a plain name→tensor map for checkpoints.
/// </summary>
internal abstract partial class Optimizer : IDisposable
{
    private readonly Dictionary<string, Tensor> _state = new(StringComparer.Ordinal);

    private readonly HashSet<string> _excluded;

    /// <summary>Creates the optimiser over named parameters.</summary>
    /// <param name="parameters">The named parameters.</param>
    /// <param name="weightDecay">Weight decay of parameters that are not excluded.</param>
    /// <param name="exclude">Which parameters are excluded from decay (and LARS adaptation); default: 1-D ones.</param>
    protected Optimizer(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double weightDecay,
        Func<string, Parameter, bool>? exclude = null)
    {
        Parameters = parameters;
        WeightDecay = weightDecay;
        exclude ??= OneDimensional;
        _excluded = parameters.Where(p => exclude(p.Name, p.Parameter)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every BN weight/bias and every bias: the tensors with one dimension.</summary>
    public static bool OneDimensional(string name, Parameter p) => p.dim() <= 1;

    /// <summary>
    /// BossNAS's rule: names matching <c>(bn|gn)(\d+)?.(weight|bias)</c> or containing <c>bias</c>. Kept to reproduce
    /// the public code; it misses BN layers named otherwise (HyTra's ResAtt <c>bn_out</c>).
    /// </summary>
    public static bool BossNasNames(string name, Parameter p) =>
        BossNasPattern().IsMatch(name) || name.Contains("bias", StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(@"(bn|gn)(\d+)?.(weight|bias)")]
    private static partial System.Text.RegularExpressions.Regex BossNasPattern();

    /// <summary>The named parameters it updates.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <summary>Weight decay of parameters with 2 or more dimensions.</summary>
    public double WeightDecay { get; }

    /// <summary>True for parameters excluded from weight decay and LARS adaptation.</summary>
    public bool IsExcluded(string name) => _excluded.Contains(name);

    /// <summary>Applies one update with learning rate <paramref name="lr"/> to every parameter that has a gradient.</summary>
    public void Step(double lr)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in Parameters)
        {
            if (p.grad is not { } g) continue;
            Update(name, p, g, lr, IsExcluded(name) ? 0 : WeightDecay);
        }
    }

    /// <summary>Drops every gradient (set to none), so unused parameters are recognisable in the next step.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in Parameters)
        {
            var g = p.grad;
            if (g is null) continue;
            p.grad = null;
            g.Dispose();
        }
    }

    /// <summary>The optimiser state (momentum buffers, moments, step counts) by "parameter/slot".</summary>
    public IReadOnlyDictionary<string, Tensor> State => _state;

    /// <summary>
    /// Replaces the state with a saved one (values are copied). A checkpoint is read onto the CPU; each slot goes back to
    /// where a step keeps it: its parameter's device (a GPU run's momentum must sit beside its GPU gradients), except
    /// the slots <see cref="KeptOnCpu"/> names.
    /// </summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        foreach (var t in _state.Values) t.Dispose();
        _state.Clear();
        var devices = new Dictionary<string, Device>(StringComparer.Ordinal);
        foreach (var (name, p) in Parameters) devices[name] = p.device;
        foreach (var (k, v) in state) _state[k] = v.to(DeviceOf(k, devices), copy: true).DetachFromDisposeScope();
    }

    /// <summary>Whether a slot lives on the CPU whatever its parameter's device (a counter read back every step).</summary>
    protected virtual bool KeptOnCpu(string slot) => false;

    private Device DeviceOf(string key, Dictionary<string, Device> devices)
    {
        int slash = key.LastIndexOf('/');
        if (slash <= 0 || KeptOnCpu(key[(slash + 1)..])) return CPU;
        return devices.TryGetValue(key[..slash], out var device) ? device : CPU;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _state.Values) t.Dispose();
        _state.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Updates one parameter in place under no_grad.</summary>
    protected abstract void Update(string name, Parameter p, Tensor grad, double lr, double weightDecay);

    /// <summary>The state slot (name, slot), created by <paramref name="init"/> on first use.</summary>
    protected Tensor Slot(string name, string slot, Func<Tensor> init)
    {
        var key = $"{name}/{slot}";
        if (!_state.TryGetValue(key, out var t))
        {
            t = init().DetachFromDisposeScope();
            _state[key] = t;
        }
        return t;
    }

    /// <summary>Whether slot (name, slot) exists yet.</summary>
    protected bool HasSlot(string name, string slot) => _state.ContainsKey($"{name}/{slot}");
}
