using Google.Protobuf;

namespace BossNas.Engine.Export;

/// <summary>
/// One protobuf message being encoded, field by field, with Google.Protobuf's <see cref="CodedOutputStream"/>: each call
/// writes a field's tag (number and wire type) and value. A nested message is encoded on its own first, because its
/// length precedes it on the wire. Repeated fields are written one element at a time (proto2's unpacked form).
/// </summary>
internal sealed class ProtoMessage
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _out;

    /// <summary>An empty message.</summary>
    public ProtoMessage() => _out = new CodedOutputStream(_buffer, leaveOpen: true);

    /// <summary>An int64 or enum field (varint).</summary>
    public ProtoMessage Int64(int field, long value)
    {
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteInt64(value);
        return this;
    }

    /// <summary>A float field (fixed 32 bits).</summary>
    public ProtoMessage Float(int field, float value)
    {
        _out.WriteTag(field, WireFormat.WireType.Fixed32);
        _out.WriteFloat(value);
        return this;
    }

    /// <summary>A double field (fixed 64 bits).</summary>
    public ProtoMessage Double(int field, double value)
    {
        _out.WriteTag(field, WireFormat.WireType.Fixed64);
        _out.WriteDouble(value);
        return this;
    }

    /// <summary>A bool field (varint).</summary>
    public ProtoMessage Bool(int field, bool value)
    {
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteBool(value);
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public ProtoMessage String(int field, string value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteString(value);
        return this;
    }

    /// <summary>A bytes field.</summary>
    public ProtoMessage Bytes(int field, ReadOnlyMemory<byte> value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
        return this;
    }

    /// <summary>A nested message field.</summary>
    public ProtoMessage Message(int field, ProtoMessage message) => Bytes(field, message.Encoded());

    /// <summary>The encoded message so far.</summary>
    public ReadOnlyMemory<byte> Encoded()
    {
        _out.Flush();
        return _buffer.GetBuffer().AsMemory(0, (int)_buffer.Length);
    }
}
