using BossNas.Engine.Checkpoints;
using BossNas.Engine.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// The strategy's modules (supernet and heads) across phases: built once per process, loaded from a checkpoint when
/// supernet training resumes, and from <c>supernet.bin</c> (written when supernet training ends) by the phases that
/// rate with it after a resume.
/// </summary>
internal static class SupernetState
{
    /// <summary>File of the trained supernet in the run folder.</summary>
    public const string File = "supernet.bin";

    /// <summary>Prefix of the strategy's tensors in checkpoints.</summary>
    public const string ModelPrefix = "strategy/";

    /// <summary>
    /// Builds the strategy's modules if this process has not, and loads the newest saved weights;
    /// <paramref name="built"/> sees the modules as built, before anything is loaded.
    /// </summary>
    public static void Ensure(RunSession s, IReadOnlyDictionary<string, Tensor>? resumed, Action<nn.Module>? built = null)
    {
        if (s.SupernetBuilt) return;
        var strategy = s.Components.Strategy;
        manual_seed(RunSeeds.SupernetInit(s.Config.Run.Seed));
        strategy.Build(s.Components.Space, s.Input, s.Context);
        strategy.Modules.to(s.Device);
        TeacherState.Attach(s);
        built?.Invoke(strategy.Modules);
        if (resumed is not null && resumed.Keys.Any(k => k.StartsWith(ModelPrefix, StringComparison.Ordinal)))
            TensorStore.LoadInto(strategy.Modules, resumed, ModelPrefix);
        else if (System.IO.File.Exists(s.Folder.File(File)))
        {
            using var r = new BinaryReader(System.IO.File.OpenRead(s.Folder.File(File)));
            var saved = TensorStore.Read(r);
            try
            {
                TensorStore.LoadInto(strategy.Modules, saved, ModelPrefix);
            }
            finally
            {
                foreach (var t in saved.Values) t.Dispose();
            }
        }
        s.SupernetBuilt = true;
    }

    /// <summary>The strategy's parameters and buffers under the checkpoint prefix.</summary>
    public static IEnumerable<KeyValuePair<string, Tensor>> Tensors(RunSession s) =>
        s.SupernetBuilt
            ? s.Components.Strategy.Modules.state_dict().Select(kv => new KeyValuePair<string, Tensor>(ModelPrefix + kv.Key, kv.Value))
            : Array.Empty<KeyValuePair<string, Tensor>>();

    /// <summary>Writes the trained supernet to <see cref="File"/> (temp file, flush, rename).</summary>
    public static void SaveFinal(RunSession s)
    {
        var path = s.Folder.File(File);
        var tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var w = new BinaryWriter(stream))
        {
            TensorStore.Write(w, Tensors(s));
            w.Flush();
            stream.Flush(flushToDisk: true);
        }
        System.IO.File.Move(tmp, path, overwrite: true);
    }
}
