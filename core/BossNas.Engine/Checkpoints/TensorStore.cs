using static TorchSharp.torch;

namespace BossNas.Engine.Checkpoints;

/// <summary>
/// Named tensors in a binary stream: count, then per tensor its name, dtype, shape and raw little-endian bytes.
/// Tensors are read back on the CPU; callers copy them into their modules and optimisers.
/// </summary>
internal static class TensorStore
{
    /// <summary>Writes <paramref name="tensors"/> in order.</summary>
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
        }
    }

    /// <summary>Reads tensors written by <see cref="Write"/>; the caller disposes them.</summary>
    public static Dictionary<string, Tensor> Read(BinaryReader r)
    {
        int n = r.ReadInt32();
        var result = new Dictionary<string, Tensor>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            string name = r.ReadString();
            var dtype = (ScalarType)r.ReadInt32();
            long[] shape = new long[r.ReadInt64()];
            for (int d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
            int length = r.ReadInt32();
            var bytes = r.ReadBytes(length);
            if (bytes.Length != length) throw new EndOfStreamException($"tensor '{name}' is truncated");
            var t = empty(shape, dtype).DetachFromDisposeScope();
            t.bytes = bytes;
            result[name] = t;
        }
        return result;
    }

    /// <summary>Copies saved values into a module's parameters and buffers; names and shapes must match exactly.</summary>
    public static void LoadInto(nn.Module module, IReadOnlyDictionary<string, Tensor> saved, string prefix)
    {
        using var noGrad = no_grad();
        var state = module.state_dict();
        var expected = state.Keys.Select(k => prefix + k).ToHashSet(StringComparer.Ordinal);
        var present = saved.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        if (!expected.SetEquals(present))
        {
            var missing = expected.Except(present).Take(5);
            var extra = present.Except(expected).Take(5);
            throw new InvalidDataException($"checkpoint does not match the model: missing [{string.Join(", ", missing)}], " +
                                           $"unexpected [{string.Join(", ", extra)}]");
        }
        foreach (var (name, t) in state)
        {
            var src = saved[prefix + name];
            if (!src.shape.SequenceEqual(t.shape))
                throw new InvalidDataException($"checkpoint tensor '{name}' has shape [{string.Join(",", src.shape)}], " +
                                               $"model has [{string.Join(",", t.shape)}]");
            t.copy_(src);
        }
    }
}
