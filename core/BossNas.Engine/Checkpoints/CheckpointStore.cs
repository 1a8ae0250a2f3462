using System.Security.Cryptography;
using static TorchSharp.torch;

namespace BossNas.Engine.Checkpoints;

/// <summary>
/// Checkpoints in <c>checkpoints/</c> of a run folder. A write goes to a temp file, is flushed to disk and renamed,
/// then the <c>latest</c> pointer is replaced the same way, so a crash at any moment leaves the previous checkpoint
/// intact. Every file ends with the SHA-256 of its contents and every tensor blob carries its own, so damage is found
/// on load: a damaged or unreadable newest checkpoint (or pointer) falls back to the newest good one. The two newest
/// checkpoints are kept, and pruning never deletes the one the pointer names.
/// </summary>
internal sealed class CheckpointStore
{
    private const string Magic = "BOSSNAS-CKPT-2";
    private const int HashBytes = 32;
    private readonly string _folder;

    /// <summary>Creates the store for a run folder.</summary>
    public CheckpointStore(string runFolder) => _folder = Path.Combine(runFolder, "checkpoints");

    /// <summary>The file the <c>latest</c> pointer names, or null when the pointer is missing, unreadable or dangling.</summary>
    public string? Latest
    {
        get
        {
            var pointer = Path.Combine(_folder, "latest");
            try
            {
                if (!File.Exists(pointer)) return null;
                var name = File.ReadAllText(pointer).Trim();
                if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || !name.StartsWith("ckpt-", StringComparison.Ordinal))
                    return null;
                var file = Path.Combine(_folder, name);
                return File.Exists(file) ? file : null;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>Every checkpoint file, the pointer's first, then newest first by global step and write time.</summary>
    public IReadOnlyList<string> Candidates()
    {
        if (!Directory.Exists(_folder)) return Array.Empty<string>();
        var files = Directory.GetFiles(_folder, "ckpt-*.bin")
            .OrderByDescending(StepOf).ThenByDescending(File.GetLastWriteTimeUtc).ThenByDescending(f => f, StringComparer.Ordinal).ToList();
        if (Latest is { } latest)
        {
            files.Remove(latest);
            files.Insert(0, latest);
        }
        return files;
    }

    /// <summary>
    /// The newest checkpoint that loads and verifies, or null when the folder has none at all. Skipped files are
    /// reported through <paramref name="warn"/> with the reason.
    /// </summary>
    /// <exception cref="InvalidDataException">There are checkpoint files but none is intact.</exception>
    public (string Path, RunState State, Dictionary<string, Tensor> Tensors)? LoadNewestGood(Action<string> warn)
    {
        var candidates = Candidates();
        if (candidates.Count == 0) return null;
        if (Latest is null) warn($"the checkpoint pointer {Path.Combine(_folder, "latest")} is missing or damaged; looking for the newest intact checkpoint");
        var problems = new List<string>();
        foreach (var file in candidates)
        {
            try
            {
                var (state, tensors) = Load(file);
                if (problems.Count > 0) warn($"resuming from {file}; skipped: {string.Join("; ", problems)}");
                return (file, state, tensors);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                problems.Add($"{Path.GetFileName(file)} ({e.Message})");
            }
        }
        throw new InvalidDataException($"no intact checkpoint in {_folder}: {string.Join("; ", problems)}");
    }

    /// <summary>Writes a checkpoint of the run state and named tensors atomically; returns its path.</summary>
    public string Save(RunState state, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        Directory.CreateDirectory(_folder);
        var name = $"ckpt-{state.Phase}-{state.GlobalStep:D8}.bin";
        var path = Path.Combine(_folder, name);
        var tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20))
        {
            using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Magic);
                w.Write(state.ToJson());
                TensorStore.Write(w, tensors);
                w.Flush();
            }
            stream.Position = 0;
            var hash = SHA256.HashData(stream);
            stream.Write(hash);
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        ReplaceAtomically(Path.Combine(_folder, "latest"), name);
        Prune(keep: 2, path);
        return path;
    }

    /// <summary>Reads and verifies a checkpoint (streamed: any size); the caller disposes the tensors.</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, truncated, or its checksum does not match.</exception>
    public static (RunState State, Dictionary<string, Tensor> Tensors) Load(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        long body = file.Length - HashBytes;
        if (body < 0) throw new InvalidDataException($"{path}: truncated checkpoint ({file.Length} bytes)");
        if (!SHA256.HashData(new BoundedStream(file, body)).AsSpan().SequenceEqual(ReadTail(file, body)))
            throw new InvalidDataException($"{path}: checksum mismatch (damaged or truncated checkpoint)");
        file.Position = 0;
        try
        {
            using var r = new BinaryReader(new BoundedStream(file, body));
            if (r.ReadString() != Magic) throw new InvalidDataException($"{path}: not a BossNas checkpoint of this version");
            var state = RunState.FromJson(r.ReadString());
            return (state, TensorStore.Read(r));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path}: truncated checkpoint ({e.Message})", e);
        }
    }

    private static byte[] ReadTail(FileStream file, long at)
    {
        file.Position = at;
        var tail = new byte[HashBytes];
        file.ReadExactly(tail);
        return tail;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> via a temp file and rename.</summary>
    public static void ReplaceAtomically(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    private static long StepOf(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        int dash = stem.LastIndexOf('-');
        return dash >= 0 && long.TryParse(stem[(dash + 1)..], out var step) ? step : -1;
    }

    // Keeps the checkpoint just written and the newest ones before it. Files of later steps can only be left from a
    // run that fell back past them (they were damaged), so they go too.
    private void Prune(int keep, string justWritten)
    {
        long step = StepOf(justWritten);
        var before = Directory.GetFiles(_folder, "ckpt-*.bin").Where(f => f != justWritten && StepOf(f) <= step)
            .OrderByDescending(StepOf).ThenByDescending(File.GetLastWriteTimeUtc).Take(keep - 1).ToHashSet();
        foreach (var f in Directory.GetFiles(_folder, "ckpt-*.bin").Where(f => f != justWritten && !before.Contains(f))) File.Delete(f);
    }
}
