namespace BossNas.Engine.Data.Streaming;

/// <summary>
/// Where one encoded image lies and its class: a whole file (<see cref="Offset"/> −1) or a byte range inside a tar shard.
/// This is all a streaming dataset keeps per image.
/// </summary>
internal readonly record struct ImageEntry(string File, long Offset, int Length, long Label)
{
    /// <summary>The encoded image's bytes.</summary>
    /// <exception cref="DataFormatException">The file cannot be read, or the shard is shorter than its index says.</exception>
    public byte[] Read()
    {
        try
        {
            if (Offset < 0) return System.IO.File.ReadAllBytes(File);
            using var stream = new FileStream(File, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            stream.Position = Offset;
            var bytes = new byte[Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(Name, $"cannot read image: {e.Message}", "a readable image file", e);
        }
    }

    /// <summary>How errors name the image: the file, or the shard and byte offset.</summary>
    public string Name => Offset < 0 ? File : $"{File} (bytes {Offset}..{Offset + Length})";
}
