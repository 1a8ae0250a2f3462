namespace BossNas.Engine.Config;

/// <summary>
/// The <c>[run]</c> and <c>[data]</c> sections of a config, bound on their own: what reading a dataset exactly as a run
/// reads it takes (the seed fixes the validation split, and so the training images the normalisation comes from). Other
/// sections are not looked at, so a config holding only these two will do.
/// </summary>
public sealed class DataConfig
{
    private DataConfig(RunSection run, DataSection data, string source, string baseDirectory)
    {
        Run = run;
        Data = data;
        Source = source;
        BaseDirectory = baseDirectory;
    }

    /// <summary>The <c>[run]</c> section (seed, device, threads).</summary>
    public RunSection Run { get; }

    /// <summary>The <c>[data]</c> section.</summary>
    public DataSection Data { get; }

    /// <summary>The file it came from.</summary>
    public string Source { get; }

    /// <summary>The folder relative paths are resolved against (the config's own).</summary>
    public string BaseDirectory { get; }

    /// <summary>Loads <paramref name="path"/> with <c>--set</c> <paramref name="overrides"/>.</summary>
    /// <exception cref="ConfigException">The file is missing, or the two sections do not bind.</exception>
    public static DataConfig Load(string path, IEnumerable<string> overrides)
    {
        var doc = TomlDocument.Load(path);
        var errors = new List<ConfigError>();
        Overrides.Apply(doc, overrides, errors);
        T Section<T>(string name) where T : new() =>
            doc.Root.TryGetValue(name, out var v) && v is Tomlyn.Model.TomlTable t
                ? (T)OptionsBinder.Bind(typeof(T), t, doc, name, errors)
                : new T();
        var config = new DataConfig(Section<RunSection>("run"), Section<DataSection>("data"), doc.Source,
            Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        if (errors.Count > 0) throw new ConfigException(errors);
        return config;
    }

    /// <summary>Resolves a path from the config against the config's folder, as <see cref="RunConfig.ResolvePath"/> does.</summary>
    public string ResolvePath(string path) =>
        string.IsNullOrEmpty(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));
}
