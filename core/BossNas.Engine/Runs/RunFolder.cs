using System.Globalization;

namespace BossNas.Engine.Runs;

/// <summary>
/// A run folder <c>{output}/{name}/{timestamp}/</c> holding the resolved config, log, metrics, checkpoints,
/// ratings, the found architecture and the report. A <c>done</c> file marks a finished run, a <c>failed</c> file one whose
/// last attempt stopped on an error.
/// </summary>
public sealed class RunFolder
{
    /// <summary>File name of the resolved config.</summary>
    public const string ConfigFile = "config.resolved.toml";

    private RunFolder(string path) => Path = path;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A file inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A subfolder, created on demand.</summary>
    public string Sub(string name) => Directory.CreateDirectory(File(name)).FullName;

    /// <summary>Whether the run finished.</summary>
    public bool IsDone => System.IO.File.Exists(File("done"));

    /// <summary>The config hash the run was started with.</summary>
    public string? ConfigHash => System.IO.File.Exists(File("config.sha256")) ? System.IO.File.ReadAllText(File("config.sha256")).Trim() : null;

    /// <summary>Opens an existing run folder.</summary>
    public static RunFolder Open(string path) => new(System.IO.Path.GetFullPath(path));

    /// <summary>Whether <paramref name="path"/> looks like a run folder.</summary>
    public static bool IsRunFolder(string path) => Directory.Exists(path) && System.IO.File.Exists(System.IO.Path.Combine(path, ConfigFile));

    /// <summary>Creates a new timestamped run folder and writes the resolved config and its hash.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> breaks <see cref="Config.FolderName"/>'s rule (the config checks it first).</exception>
    public static RunFolder Create(string output, string name, string resolvedToml, string hash)
    {
        if (Config.FolderName.Problem(name) is { } problem) throw new ArgumentException($"run name {problem}", nameof(name));
        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = System.IO.Path.Combine(output, name, stamp);
        for (int i = 2; Directory.Exists(path); i++) path = System.IO.Path.Combine(output, name, $"{stamp}-{i}");
        return CreateAt(path, resolvedToml, hash);
    }

    /// <summary>Creates (or reuses) the run folder <paramref name="path"/> and writes the resolved config and its hash.</summary>
    public static RunFolder CreateAt(string path, string resolvedToml, string hash)
    {
        Directory.CreateDirectory(path);
        var folder = new RunFolder(System.IO.Path.GetFullPath(path));
        System.IO.File.WriteAllText(folder.File(ConfigFile), resolvedToml);
        System.IO.File.WriteAllText(folder.File("config.sha256"), hash + Environment.NewLine);
        return folder;
    }

    /// <summary>The newest unfinished run folder of <paramref name="name"/> under <paramref name="output"/>, or null.</summary>
    public static RunFolder? LatestUnfinished(string output, string name)
    {
        var root = System.IO.Path.Combine(output, name);
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root).Order(StringComparer.Ordinal).Reverse()
            .Where(IsRunFolder).Select(Open).FirstOrDefault(f => !f.IsDone);
    }

    /// <summary>File name of the failure marker: the error that ended the run (a resume removes it).</summary>
    public const string FailedFile = "failed";

    /// <summary>The error that ended the run's last attempt, or null when it did not fail (or was resumed since).</summary>
    public string? Failure => System.IO.File.Exists(File(FailedFile)) ? System.IO.File.ReadAllText(File(FailedFile)).Trim() : null;

    /// <summary>Records that the run stopped on <paramref name="error"/>, for <c>bossnas runs</c>.</summary>
    public void MarkFailed(Exception error) =>
        System.IO.File.WriteAllText(File(FailedFile), $"{DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture)} {error.GetType().Name}: " +
                                                      error.Message.ReplaceLineEndings(" ") + Environment.NewLine);

    /// <summary>Removes the failure marker (the run goes on).</summary>
    public void ClearFailed() => System.IO.File.Delete(File(FailedFile));

    /// <summary>Marks the run finished.</summary>
    public void MarkDone() => System.IO.File.WriteAllText(File("done"), DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture));
}
