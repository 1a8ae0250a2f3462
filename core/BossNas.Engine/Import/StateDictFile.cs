using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BossNas.Engine.Import;

/// <summary>
/// Reads a PyTorch state dict through TorchSharp.PyBridge: a <c>.safetensors</c> file, or a <c>.pth</c> / <c>.pt</c>
/// file of <c>torch.save</c> (the zip format PyTorch writes since 1.6). A checkpoint that nests the state dict in a dict
/// (<c>{"state_dict": {...}, "epoch": 3}</c>) is flattened with dotted names (<c>state_dict.conv.weight</c>), which a
/// rename rule then strips; values that are not tensors (epochs, optimiser settings) are left out.
/// </summary>
public static class StateDictFile
{
    /// <summary>File extensions read as PyTorch weights.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".safetensors", ".pth", ".pt"];

    /// <summary>Whether <paramref name="path"/> names a PyTorch weights file (by its extension).</summary>
    public static bool IsWeightsFile(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The tensors of <paramref name="path"/> by name, on the CPU; the caller disposes them.</summary>
    /// <exception cref="InvalidDataException">Missing, unreadable, or not a state dict.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: no such file");
        try
        {
            if (Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase))
                return Safetensors.LoadStateDict(path);
            if (!IsWeightsFile(path))
                throw new InvalidDataException($"{path}: not a weights file (expected {string.Join(", ", Extensions)})");
            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            using (var stream = File.OpenRead(path))
                Flatten(PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true), "", tensors);
            if (tensors.Count == 0) throw new InvalidDataException($"{path}: holds no tensors (a whole pickled model is not read; save its state_dict())");
            return tensors;
        }
        catch (Exception e) when (e is not InvalidDataException and not OutOfMemoryException)
        {
            // PyBridge and its unpickler report a foreign file with many exception types; one message names the file.
            throw new InvalidDataException($"{path}: not a state dict PyTorch saved ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static void Flatten(IDictionary dict, string prefix, Dictionary<string, Tensor> into)
    {
        foreach (DictionaryEntry entry in dict)
        {
            var name = prefix + entry.Key;
            switch (entry.Value)
            {
                case Tensor t: into[name] = t; break;
                case IDictionary nested: Flatten(nested, name + ".", into); break;
            }
        }
    }
}
