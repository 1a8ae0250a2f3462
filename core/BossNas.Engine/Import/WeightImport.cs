using static TorchSharp.torch;

namespace BossNas.Engine.Import;

/// <summary>
/// Copies a state dict read from a PyTorch file into a network, strictly: after renaming (<see cref="NameMap"/>) every
/// tensor of the network must be in the file with the same shape, and every tensor of the file must be used. Only
/// BatchNorm's <c>num_batches_tracked</c> counters may be missing (older PyTorch files and torchvision's weights lack
/// them; they only count training steps). Values are converted to the network's dtype.
/// </summary>
public static class WeightImport
{
    private const string BatchCounter = "num_batches_tracked";

    /// <summary>Reads <paramref name="path"/> and loads it into <paramref name="network"/> (see <see cref="LoadInto"/>).</summary>
    /// <exception cref="InvalidDataException">The file cannot be read, or does not fit (<see cref="WeightMismatch"/>).</exception>
    public static void LoadFile(nn.Module network, string path, NameMap names)
    {
        var tensors = StateDictFile.Read(path);
        try
        {
            LoadInto(network, tensors, names, path);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>Loads <paramref name="tensors"/> (named as in <paramref name="source"/>) into <paramref name="network"/>.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing, unused or of another shape; nothing is copied then.</exception>
    public static void LoadInto(nn.Module network, IReadOnlyDictionary<string, Tensor> tensors, NameMap names, string source)
    {
        var renamed = new Dictionary<string, (string FileName, Tensor Tensor)>(StringComparer.Ordinal);
        var unused = new List<string>();
        foreach (var (fileName, t) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var name = names.Apply(fileName);
            // Two file tensors renamed onto one name: the second is reported, never silently dropped.
            if (!renamed.TryAdd(name, (fileName, t))) unused.Add($"{fileName} (renamed to {name}, already taken by {renamed[name].FileName})");
        }
        var state = network.state_dict();
        var missing = new List<string>();
        var misshapen = new List<string>();
        foreach (var (name, t) in state)
        {
            if (!renamed.TryGetValue(name, out var found))
            {
                if (!name.EndsWith(BatchCounter, StringComparison.Ordinal)) missing.Add($"{name} {Shape(t.shape)}");
                continue;
            }
            if (!found.Tensor.shape.SequenceEqual(t.shape))
                misshapen.Add($"{Named(name, found.FileName)}: {Shape(t.shape)}, {Shape(found.Tensor.shape)}");
        }
        unused.AddRange(renamed.Where(kv => !state.ContainsKey(kv.Key)).Select(kv => $"{Named(kv.Key, kv.Value.FileName)} {Shape(kv.Value.Tensor.shape)}"));
        if (missing.Count + unused.Count + misshapen.Count > 0) throw WeightMismatch.Error(source, missing, unused, misshapen);
        using var noGrad = no_grad();
        foreach (var (name, t) in state)
            if (renamed.TryGetValue(name, out var found)) t.copy_(found.Tensor);
    }

    private static string Named(string name, string fileName) => name == fileName ? name : $"{name} (file: {fileName})";

    private static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
