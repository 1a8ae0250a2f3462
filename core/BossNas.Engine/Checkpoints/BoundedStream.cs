namespace BossNas.Engine.Checkpoints;

/// <summary>
/// A read-only view of the first <c>length</c> bytes of a stream (a checkpoint without its trailing checksum), so it can
/// be hashed and parsed as it streams from disk. Disposing the view leaves the inner stream open.
/// </summary>
internal sealed class BoundedStream(Stream inner, long length) : Stream
{
    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => inner.CanSeek;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => length;

    /// <inheritdoc />
    public override long Position
    {
        get => inner.Position;
        set => inner.Position = Math.Clamp(value, 0, length);
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        long left = length - inner.Position;
        return left <= 0 ? 0 : inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) =>
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => inner.Position + offset,
            _ => length + offset,
        };

    /// <inheritdoc />
    public override void Flush() { }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
