using System.Security.Cryptography;
using static TorchSharp.torch;

namespace BossNas.Engine.Checkpoints;

/// <summary>
/// Named tensors in a binary stream: per tensor its name, dtype, shape, raw bytes and the SHA-256 of those bytes, so a
/// damaged blob is found on load instead of resuming with different weights.
/// </summary>
internal static class TensorStore
{
    private const int HashBytes = 32;

    /// <summary>Writes <paramref name="tensors"/> (moved to the CPU, contiguous).</summary>
    public static void Write(BinaryWriter w, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var list = tensors.ToList();
        w.Write(list.Count);
        foreach (var (name, t) in list)
        {
            using var c = t.detach().cpu().contiguous();
            w.Write(name);
            w.Write((int)c.dtype);
            w.Write(c.dim());
            foreach (var d in c.shape) w.Write(d);
            var bytes = c.bytes;
            w.Write(bytes.Length);
            w.Write(bytes);
            w.Write(SHA256.HashData(bytes));
        }
    }

    /// <summary>Reads tensors written by <see cref="Write"/>; the caller disposes them.</summary>
    /// <exception cref="InvalidDataException">A blob is truncated or its checksum does not match.</exception>
    public static Dictionary<string, Tensor> Read(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0) throw new InvalidDataException($"negative tensor count {n}");
        var result = new Dictionary<string, Tensor>(n, StringComparer.Ordinal);
        try
        {
            for (int i = 0; i < n; i++)
            {
                string name = r.ReadString();
                var dtype = (ScalarType)r.ReadInt32();
                long rank = r.ReadInt64();
                if (rank is < 0 or > 16) throw new InvalidDataException($"tensor '{name}' has rank {rank}");
                long[] shape = new long[rank];
                for (int d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
                int length = r.ReadInt32();
                var bytes = r.ReadBytes(length);
                if (bytes.Length != length || length < 0) throw new EndOfStreamException($"tensor '{name}' is truncated");
                var hash = r.ReadBytes(HashBytes);
                if (hash.Length != HashBytes) throw new EndOfStreamException($"tensor '{name}' has no checksum");
                if (!hash.AsSpan().SequenceEqual(SHA256.HashData(bytes)))
                    throw new InvalidDataException($"tensor '{name}' fails its checksum (damaged data)");
                var t = empty(shape, dtype).DetachFromDisposeScope();
                if (t.NumberOfElements * t.ElementSize != length)
                {
                    t.Dispose();
                    throw new InvalidDataException($"tensor '{name}': {length} bytes for shape [{string.Join(",", shape)}]");
                }
                t.bytes = bytes;
                result[name] = t;
            }
            return result;
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies the tensors under <paramref name="prefix"/> into <paramref name="module"/>'s parameters and buffers;
    /// the names and shapes must match exactly, or with <paramref name="partial"/> the saved names must be some of the
    /// module's (the rest keep their values).
    /// </summary>
    /// <exception cref="InvalidDataException">Missing, unexpected or misshapen tensors.</exception>
    public static void LoadInto(nn.Module module, IReadOnlyDictionary<string, Tensor> saved, string prefix, bool partial = false)
    {
        using var noGrad = no_grad();
        var state = module.state_dict();
        var expected = state.Keys.Select(k => prefix + k).ToHashSet(StringComparer.Ordinal);
        var present = saved.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        if (partial ? !present.IsSubsetOf(expected) : !expected.SetEquals(present))
        {
            var missing = expected.Except(present).Take(5);
            var extra = present.Except(expected).Take(5);
            throw new InvalidDataException($"checkpoint does not match the model: missing [{string.Join(", ", missing)}], " +
                                           $"unexpected [{string.Join(", ", extra)}]");
        }
        foreach (var (name, t) in state)
        {
            if (!saved.TryGetValue(prefix + name, out var src)) continue;
            if (!src.shape.SequenceEqual(t.shape))
                throw new InvalidDataException($"checkpoint tensor '{name}' has shape [{string.Join(",", src.shape)}], " +
                                               $"model has [{string.Join(",", t.shape)}]");
            t.copy_(src);
        }
    }
}
