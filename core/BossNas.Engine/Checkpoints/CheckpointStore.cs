using static TorchSharp.torch;

namespace BossNas.Engine.Checkpoints;

/// <summary>
/// Checkpoints in <c>checkpoints/</c> of a run folder. A write goes to a temp file, is flushed to disk and
/// renamed, then the <c>latest</c> pointer is replaced the same way, so a crash at any moment leaves the
/// previous checkpoint intact. The two newest checkpoints are kept.
/// </summary>
internal sealed class CheckpointStore
{
    private const string Magic = "BOSSNAS-CKPT-1";
    private readonly string _folder;

    /// <summary>Creates the store for a run folder.</summary>
    public CheckpointStore(string runFolder) => _folder = Path.Combine(runFolder, "checkpoints");

    /// <summary>The file the <c>latest</c> pointer names, or null.</summary>
    public string? Latest
    {
        get
        {
            var pointer = Path.Combine(_folder, "latest");
            if (!File.Exists(pointer)) return null;
            var file = Path.Combine(_folder, File.ReadAllText(pointer).Trim());
            return File.Exists(file) ? file : null;
        }
    }

    /// <summary>Writes a checkpoint of the run state and named tensors atomically; returns its path.</summary>
    public string Save(RunState state, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        Directory.CreateDirectory(_folder);
        var name = $"ckpt-{state.Phase}-{state.GlobalStep:D8}.bin";
        var path = Path.Combine(_folder, name);
        var tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var w = new BinaryWriter(stream))
        {
            w.Write(Magic);
            w.Write(state.ToJson());
            TensorStore.Write(w, tensors);
            w.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        ReplaceAtomically(Path.Combine(_folder, "latest"), name);
        Prune(keep: 2);
        return path;
    }

    /// <summary>Reads a checkpoint; the caller disposes the tensors.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, or truncated.</exception>
    public static (RunState State, Dictionary<string, Tensor> Tensors) Load(string path)
    {
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            if (r.ReadString() != Magic) throw new InvalidDataException($"{path}: not a BossNas checkpoint");
            var state = RunState.FromJson(r.ReadString());
            return (state, TensorStore.Read(r));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path}: truncated checkpoint ({e.Message})", e);
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> via a temp file and rename.</summary>
    public static void ReplaceAtomically(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    private void Prune(int keep)
    {
        var files = Directory.GetFiles(_folder, "ckpt-*.bin").OrderByDescending(File.GetLastWriteTimeUtc).ThenByDescending(f => f).ToList();
        var latest = Latest;
        foreach (var f in files.Skip(keep).Where(f => f != latest)) File.Delete(f);
    }
}
