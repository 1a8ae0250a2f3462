namespace BossNas.Tests.Support;

/// <summary>A temporary folder deleted at dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates a fresh folder under the system temp path.</summary>
    public TempFolder() => Path = Directory.CreateTempSubdirectory("bossnas-test-").FullName;

    /// <summary>Creates a fresh folder under <paramref name="parent"/>.</summary>
    public TempFolder(string parent)
    {
        Path = System.IO.Path.Combine(parent, "bossnas-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
