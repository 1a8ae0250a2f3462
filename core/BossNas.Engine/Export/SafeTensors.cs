using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace BossNas.Engine.Export;

/// <summary>
/// The safetensors format (loadable with one call in PyTorch, <c>safetensors.torch.load_file</c>): an 8-byte
/// little-endian header length, a JSON header mapping each tensor's name to its dtype, shape and byte range (plus an
/// optional <c>__metadata__</c> map of strings), then the raw little-endian bytes of every tensor, back to back.
/// </summary>
public static class SafeTensors
{
    /// <summary>Writes <paramref name="tensors"/> (in name order) and <paramref name="metadata"/> to <paramref name="path"/>.</summary>
    /// <exception cref="NotSupportedException">A tensor of a dtype safetensors has no name for.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var blobs = new List<(string Name, string Dtype, long[] Shape, byte[] Bytes)>();
        foreach (var (name, t) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            using var c = t.detach().cpu().contiguous();
            blobs.Add((name, Dtype(c.dtype), c.shape, c.bytes.ToArray()));
        }
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (name, dtype, shape, bytes) in blobs)
        {
            header[name] = new Dictionary<string, object> { ["dtype"] = dtype, ["shape"] = shape, ["data_offsets"] = new[] { offset, offset + bytes.Length } };
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        // The header is padded with spaces to a multiple of 8 bytes, so the tensor data that follows is aligned.
        int padded = (json.Length + 7) / 8 * 8;
        var tmp = path + ".tmp";
        using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            file.Write(length);
            file.Write(json);
            for (int i = json.Length; i < padded; i++) file.WriteByte((byte)' ');
            foreach (var blob in blobs) file.Write(blob.Bytes);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>The <c>__metadata__</c> map of the safetensors file <paramref name="path"/> (empty when it has none).</summary>
    /// <exception cref="InvalidDataException">Not a safetensors file.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> length = stackalloc byte[8];
        // A header longer than the file, or absurdly long, is not safetensors (the format caps it at 100 MB).
        ulong size = file.Length >= 8 && file.Read(length) == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(length) : ulong.MaxValue;
        if (size > (ulong)Math.Min(file.Length - 8, 100_000_000))
            throw new InvalidDataException($"{path}: not a safetensors file (no header)");
        var header = new byte[size];
        file.ReadExactly(header);
        try
        {
            using var json = JsonDocument.Parse(header);
            if (!json.RootElement.TryGetProperty("__metadata__", out var meta)) return new Dictionary<string, string>();
            return meta.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a safetensors file ({e.Message})", e);
        }
    }

    private static string Dtype(ScalarType t) => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"safetensors has no dtype for {t}"),
    };
}
