using BossNas.Engine.Checkpoints;
using static TorchSharp.torch;

namespace BossNas.Engine.Runs;

/// <summary>
/// A run folder opened to work in, the one way <c>run</c>, <c>train</c> and a run's parts do it: held under its lock,
/// with the newest intact checkpoint's state and tensors (libtorch's random state restored from it), or a fresh state
/// when nothing was checkpointed yet. Disposing releases the tensors it still owns and the lock.
/// </summary>
internal sealed class OpenRun : IDisposable
{
    private readonly RunFolderLock _lock;
    private Tensor? _torchRng;

    private OpenRun(RunFolder folder, RunFolderLock held, RunState state, Dictionary<string, Tensor>? tensors)
    {
        (Folder, _lock, State, Tensors) = (folder, held, state, tensors);
    }

    /// <summary>The folder.</summary>
    public RunFolder Folder { get; }

    /// <summary>Where the run stands: the checkpoint's state, or the fresh one.</summary>
    public RunState State { get; }

    /// <summary>The checkpoint's tensors (libtorch's random state taken out), or null for a fresh start.</summary>
    public Dictionary<string, Tensor>? Tensors { get; private set; }

    /// <summary>Whether a checkpoint was found.</summary>
    public bool Resumed => Tensors is not null;

    /// <summary>
    /// Locks <paramref name="folder"/> and loads its newest intact checkpoint (a broken newer one is reported to
    /// <paramref name="warn"/>), restoring libtorch's random state from it unless <paramref name="restoreTorchRng"/> is false
    /// (then <see cref="RestoreTorchRng"/> does it once the caller decides to resume).
    /// </summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="fresh">The state of a run that has no checkpoint yet.</param>
    /// <param name="warn">Told about checkpoints that could not be read.</param>
    /// <param name="restoreTorchRng">Whether to restore libtorch's random state now.</param>
    /// <exception cref="RunFolderInUseException">Another process holds the folder.</exception>
    public static OpenRun Open(RunFolder folder, Func<RunState> fresh, Action<string> warn, bool restoreTorchRng = true) =>
        Holding(folder, RunFolderLock.Acquire(folder), fresh, warn, restoreTorchRng);

    /// <summary>
    /// <see cref="Open"/> for a caller that already holds the folder's lock (<paramref name="held"/>, which the result
    /// owns and releases from then on).
    /// </summary>
    internal static OpenRun Holding(RunFolder folder, RunFolderLock held, Func<RunState> fresh, Action<string> warn, bool restoreTorchRng = true)
    {
        OpenRun? open = null;
        try
        {
            if (new CheckpointStore(folder.Path).LoadNewestGood(warn) is not { } found) return new OpenRun(folder, held, fresh(), null);
            open = new OpenRun(folder, held, found.State, found.Tensors);
            if (found.Tensors.Remove("torch/rng", out var rng)) open._torchRng = rng;
            if (restoreTorchRng) open.RestoreTorchRng();
            return open;
        }
        catch
        {
            // The checkpoint's tensors and the lock (Dispose releases both), or the lock alone.
            if (open is not null) open.Dispose();
            else held.Dispose();
            throw;
        }
    }

    /// <summary>Restores libtorch's random state saved with the checkpoint (once; nothing without one).</summary>
    public void RestoreTorchRng()
    {
        if (_torchRng is null) return;
        random.set_rng_state(_torchRng);
        _torchRng.Dispose();
        _torchRng = null;
    }

    /// <summary>Hands the checkpoint's tensors to the caller, who disposes them from then on.</summary>
    public Dictionary<string, Tensor>? TakeTensors()
    {
        var t = Tensors;
        Tensors = null;
        return t;
    }

    /// <summary>Releases the lock early (before the folder is deleted).</summary>
    public void Release() => _lock.Dispose();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in Tensors?.Values ?? Enumerable.Empty<Tensor>()) t.Dispose();
        Tensors = null;
        _torchRng?.Dispose();
        _torchRng = null;
        _lock.Dispose();
    }
}
