namespace BossNas.Engine.Data;

/// <summary>
/// A dataset file is missing or malformed. The message always reads
/// <c>"&lt;file&gt;: &lt;what is wrong&gt; (expected &lt;what&gt;)"</c> so a user can fix the file without a debugger.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="file"/>.</summary>
    /// <param name="file">Path of the offending file or folder.</param>
    /// <param name="problem">What is wrong, e.g. "magic number 0x00000801".</param>
    /// <param name="expected">What a valid file has instead, e.g. "0x00000803 for an IDX image file".</param>
    /// <param name="inner">Underlying decoder or I/O failure, if any.</param>
    public DataFormatException(string file, string problem, string expected, Exception? inner = null)
        : base($"{file}: {problem} (expected {expected})", inner)
    {
        File = file;
        Problem = problem;
        Expected = expected;
    }

    /// <summary>Path of the offending file or folder.</summary>
    public string File { get; }

    /// <summary>What is wrong with the file.</summary>
    public string Problem { get; }

    /// <summary>What a valid file would have had.</summary>
    public string Expected { get; }
}
