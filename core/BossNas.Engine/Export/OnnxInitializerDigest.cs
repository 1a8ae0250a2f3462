using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using BossNas.Core.Nn.Onnx;
using Google.Protobuf;

namespace BossNas.Engine.Export;

/// <summary>
/// A SHA-256 of an ONNX model's initializers (its weights), which <see cref="OnnxModelWriter"/> records in the model's
/// <c>metadata_props</c> under <see cref="MetadataKey"/> and <c>bossnas eval</c> checks before it runs the file, so a
/// file whose weight bytes changed after the export is refused instead of evaluated at chance.
/// </summary>
/// <remarks>
/// The digest is taken over the initializers in name order (ordinal), each as: its name (int32 byte count, UTF-8), its
/// data type (int64), its dims (int64 count, then each int64) and its raw data (int64 byte count, then the bytes), all
/// little-endian. The export hashes the <see cref="OnnxTensor"/>s it writes; the check reads the same four fields back
/// from the file's <c>ModelProto</c> with Google.Protobuf's <see cref="CodedInputStream"/> (the project has no generated
/// ONNX message types, and ONNX Runtime gives the metadata but not the initializer bytes), so no runtime is needed and
/// both sides hash exactly the bytes on disk. A tensor stored other than as <c>raw_data</c> (typed or external data,
/// as other tools may re-save it) hashes as empty data and so no longer matches: it is not what was exported.
/// </remarks>
public static class OnnxInitializerDigest
{
    /// <summary>The <c>metadata_props</c> key of the digest (lowercase hex).</summary>
    public const string MetadataKey = "bossnas.initializers_sha256";

    /// <summary>The digest of the initializers <paramref name="initializers"/>.</summary>
    public static string Of(IEnumerable<OnnxTensor> initializers) =>
        Of(initializers.Select(t => new Initializer(t.Name, (long)t.Type, t.Dims, t.RawData)));

    /// <summary>What a model file says of its weights: the digest it records (null when it has none) and the digest of its initializers.</summary>
    /// <param name="model">The bytes of an ONNX <c>ModelProto</c>.</param>
    /// <exception cref="InvalidProtocolBufferException">Not a protobuf message.</exception>
    public static (string? Recorded, string Actual) Read(byte[] model)
    {
        string? recorded = null;
        var initializers = new List<Initializer>();
        var input = new CodedInputStream(model);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (Field(tag))
            {
                case (7, WireFormat.WireType.LengthDelimited): // ModelProto.graph
                    ReadGraph(input.ReadBytes(), initializers);
                    break;
                case (14, WireFormat.WireType.LengthDelimited): // ModelProto.metadata_props
                    var (key, value) = ReadEntry(input.ReadBytes());
                    if (key == MetadataKey) recorded = value;
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return (recorded, Of(initializers));
    }

    private sealed record Initializer(string Name, long Type, IReadOnlyList<long> Dims, ReadOnlyMemory<byte> Raw);

    private static string Of(IEnumerable<Initializer> initializers)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = new byte[8];
        void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(number, value);
            sha.AppendData(number);
        }
        foreach (var t in initializers.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var name = Encoding.UTF8.GetBytes(t.Name);
            BinaryPrimitives.WriteInt32LittleEndian(number, name.Length);
            sha.AppendData(number, 0, 4);
            sha.AppendData(name);
            Int64(t.Type);
            Int64(t.Dims.Count);
            foreach (var d in t.Dims) Int64(d);
            Int64(t.Raw.Length);
            sha.AppendData(t.Raw.Span);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static (int, WireFormat.WireType) Field(uint tag) => (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag));

    private static void ReadGraph(ByteString graph, List<Initializer> initializers)
    {
        var input = new CodedInputStream(graph.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Field(tag) == (5, WireFormat.WireType.LengthDelimited)) initializers.Add(ReadTensor(input.ReadBytes())); // GraphProto.initializer
            else input.SkipLastField();
        }
    }

    private static Initializer ReadTensor(ByteString tensor)
    {
        var input = new CodedInputStream(tensor.ToByteArray());
        var (name, type, dims, raw) = ("", 0L, new List<long>(), ReadOnlyMemory<byte>.Empty);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (Field(tag))
            {
                case (1, WireFormat.WireType.Varint): dims.Add(input.ReadInt64()); break; // TensorProto.dims
                case (1, WireFormat.WireType.LengthDelimited): // dims, packed (as other writers may store them)
                    var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
                    while (!packed.IsAtEnd) dims.Add(packed.ReadInt64());
                    break;
                case (2, WireFormat.WireType.Varint): type = input.ReadInt64(); break; // TensorProto.data_type
                case (8, WireFormat.WireType.LengthDelimited): name = input.ReadString(); break; // TensorProto.name
                case (9, WireFormat.WireType.LengthDelimited): raw = input.ReadBytes().Memory; break; // TensorProto.raw_data
                default: input.SkipLastField(); break;
            }
        }
        return new Initializer(name, type, dims, raw);
    }

    private static (string Key, string Value) ReadEntry(ByteString entry)
    {
        var input = new CodedInputStream(entry.ToByteArray());
        var (key, value) = ("", "");
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (Field(tag))
            {
                case (1, WireFormat.WireType.LengthDelimited): key = input.ReadString(); break;
                case (2, WireFormat.WireType.LengthDelimited): value = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (key, value);
    }
}
