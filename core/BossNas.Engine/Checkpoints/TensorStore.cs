using System.Security.Cryptography;
using static TorchSharp.torch;

namespace BossNas.Engine.Checkpoints;

/// <summary>
/// Named tensors in a binary stream: per tensor its name, dtype, shape, raw bytes and the SHA-256 of those bytes, so a
/// damaged blob is found on load instead of resuming with different weights. Lengths are 64-bit and the bytes move in
/// chunks, so neither a tensor nor a file is bounded by a .NET array (2 GiB).
/// </summary>
internal static class TensorStore
{
    private const int HashBytes = 32;

    // Streams written before lengths were 64-bit begin with the tensor count (≥ 0); later ones with this marker.
    private const int LongLengths = -2;

    /// <summary>Bytes moved at a time (a multiple of every element size).</summary>
    internal const int DefaultChunkBytes = 64 << 20;

    /// <summary>Writes <paramref name="tensors"/> (moved to the CPU, contiguous).</summary>
    public static void Write(BinaryWriter w, IEnumerable<KeyValuePair<string, Tensor>> tensors, int chunkBytes = DefaultChunkBytes)
    {
        var list = tensors.ToList();
        w.Write(LongLengths);
        w.Write(list.Count);
        foreach (var (name, t) in list)
        {
            using var c = t.detach().cpu().contiguous();
            w.Write(name);
            w.Write((int)c.dtype);
            w.Write(c.dim());
            foreach (var d in c.shape) w.Write(d);
            w.Write(c.NumberOfElements * c.ElementSize);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var flat = c.view(-1);
            foreach (var (start, count) in Chunks(c.NumberOfElements, c.ElementSize, chunkBytes))
            {
                // A clone owns its storage from offset 0, whatever `bytes` does with a view's offset.
                using var part = flat.narrow(0, start, count).clone();
                var bytes = part.bytes;
                w.Write(bytes);
                hash.AppendData(bytes);
            }
            w.Write(hash.GetHashAndReset());
        }
    }

    /// <summary>Reads tensors written by <see cref="Write"/> (or by versions with 32-bit lengths); the caller disposes them.</summary>
    /// <exception cref="InvalidDataException">A blob is truncated or its checksum does not match.</exception>
    public static Dictionary<string, Tensor> Read(BinaryReader r, int chunkBytes = DefaultChunkBytes)
    {
        int first = r.ReadInt32();
        bool longLengths = first == LongLengths;
        int n = longLengths ? r.ReadInt32() : first;
        if (n < 0) throw new InvalidDataException($"negative tensor count {n}");
        var result = new Dictionary<string, Tensor>(n, StringComparer.Ordinal);
        try
        {
            for (int i = 0; i < n; i++)
            {
                var (name, t) = ReadOne(r, longLengths, chunkBytes);
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
    /// The (first element, element count) pieces of a tensor of <paramref name="elements"/> elements of
    /// <paramref name="elementSize"/> bytes, each at most <paramref name="chunkBytes"/> bytes (at least one element).
    /// </summary>
    internal static IEnumerable<(long Start, long Count)> Chunks(long elements, long elementSize, int chunkBytes)
    {
        long per = Math.Max(1, chunkBytes / elementSize);
        for (long start = 0; start < elements; start += per) yield return (start, Math.Min(per, elements - start));
    }

    private static (string Name, Tensor Tensor) ReadOne(BinaryReader r, bool longLengths, int chunkBytes)
    {
        string name = r.ReadString();
        var dtype = (ScalarType)r.ReadInt32();
        long rank = r.ReadInt64();
        if (rank is < 0 or > 16) throw new InvalidDataException($"tensor '{name}' has rank {rank}");
        long[] shape = new long[rank];
        for (int d = 0; d < shape.Length; d++)
        {
            shape[d] = r.ReadInt64();
            if (shape[d] < 0) throw new InvalidDataException($"tensor '{name}' has a negative size {shape[d]}");
        }
        long length = longLengths ? r.ReadInt64() : r.ReadInt32();
        long elementSize = ElementSize(dtype, name);
        long elements = shape.Aggregate(1L, (a, b) => checked(a * b));
        if (length < 0 || checked(elements * elementSize) != length)
            throw new InvalidDataException($"tensor '{name}': {length} bytes for shape [{string.Join(",", shape)}]");
        // Checked before the tensor is allocated, so a damaged length cannot ask for gigabytes.
        if (r.BaseStream.CanSeek && r.BaseStream.Length - r.BaseStream.Position < length + HashBytes)
            throw new EndOfStreamException($"tensor '{name}' is truncated");
        var t = empty(shape, dtype).DetachFromDisposeScope();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var flat = t.view(-1);
            foreach (var (start, count) in Chunks(elements, elementSize, chunkBytes))
            {
                int want = (int)(count * elementSize);
                var bytes = r.ReadBytes(want);
                if (bytes.Length != want) throw new EndOfStreamException($"tensor '{name}' is truncated");
                hash.AppendData(bytes);
                using var part = empty(count, dtype);
                part.bytes = bytes;
                flat.narrow(0, start, count).copy_(part);
            }
            var stored = r.ReadBytes(HashBytes);
            if (stored.Length != HashBytes) throw new EndOfStreamException($"tensor '{name}' has no checksum");
            if (!stored.AsSpan().SequenceEqual(hash.GetHashAndReset()))
                throw new InvalidDataException($"tensor '{name}' fails its checksum (damaged data)");
            return (name, t);
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    private static long ElementSize(ScalarType dtype, string name)
    {
        if (!Enum.IsDefined(dtype)) throw new InvalidDataException($"tensor '{name}' has unknown dtype {(int)dtype}");
        using var probe = empty(0, dtype);
        return probe.ElementSize;
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
