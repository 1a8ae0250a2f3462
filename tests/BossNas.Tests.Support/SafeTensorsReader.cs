using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace BossNas.Tests.Support;

/// <summary>
/// Reads a safetensors file from its specification alone (8-byte header length, JSON header, raw tensors), without
/// the writer's code: name → (dtype, shape, little-endian bytes), and the metadata.
/// </summary>
public static class SafeTensorsReader
{
    /// <summary>The tensors and metadata of <paramref name="path"/>.</summary>
    public static (Dictionary<string, (string Dtype, long[] Shape, byte[] Bytes)> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        var file = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, (int)headerLength));
        long dataStart = 8 + headerLength;
        var tensors = new Dictionary<string, (string, long[], byte[])>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        long expectedOffset = 0;
        foreach (var entry in header.RootElement.EnumerateObject().OrderBy(e => e.Name == "__metadata__" ? -1 : e.Value.GetProperty("data_offsets")[0].GetInt64()))
        {
            if (entry.Name == "__metadata__")
            {
                foreach (var m in entry.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString()!;
                continue;
            }
            var offsets = entry.Value.GetProperty("data_offsets");
            long begin = offsets[0].GetInt64(), end = offsets[1].GetInt64();
            if (begin != expectedOffset) throw new InvalidDataException($"{entry.Name}: data starts at {begin}, expected {expectedOffset}");
            expectedOffset = end;
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            tensors[entry.Name] = (entry.Value.GetProperty("dtype").GetString()!, shape, file[(int)(dataStart + begin)..(int)(dataStart + end)]);
        }
        if (dataStart + expectedOffset != file.Length) throw new InvalidDataException($"{file.Length - dataStart - expectedOffset} trailing bytes");
        return (tensors, metadata);
    }
}
