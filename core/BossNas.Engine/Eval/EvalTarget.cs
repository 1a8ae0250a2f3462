using BossNas.Engine.Pipeline;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Eval;

/// <summary>
/// What <c>bossnas eval</c> is asked to test, resolved: a saved TorchSharp network (<c>&lt;name&gt;.json</c> +
/// <c>.bin</c>) or an exported <c>&lt;name&gt;.onnx</c>, and the resolved config of the run folder it lies in, if any.
/// </summary>
/// <param name="Folder">The folder holding the network's files.</param>
/// <param name="Name">The network's file name without extension.</param>
/// <param name="IsOnnx">True for an ONNX file, run in ONNX Runtime.</param>
/// <param name="RunConfig">The run folder's <c>config.resolved.toml</c>, or null when the files lie elsewhere.</param>
public sealed record EvalTarget(string Folder, string Name, bool IsOnnx, string? RunConfig)
{
    /// <summary>The networks a run folder given as the target is searched for, in this order.</summary>
    public static readonly IReadOnlyList<string> RunFolderNetworks = [TrainLauncher.ModelName, $"{RetrainPhase.NetworksFolder}/{PhaseNames.Retrain}", TeacherState.Name];

    /// <summary>The path the target was resolved to.</summary>
    public string Path => System.IO.Path.Combine(Folder, Name + (IsOnnx ? ".onnx" : ".json"));

    /// <summary>
    /// Resolves <paramref name="path"/>: an <c>.onnx</c> file; a network's <c>.json</c> or <c>.bin</c>; or a run folder,
    /// whose first network of <see cref="RunFolderNetworks"/> is taken.
    /// </summary>
    /// <exception cref="InvalidDataException">Nothing to evaluate there.</exception>
    public static EvalTarget Resolve(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            foreach (var network in RunFolderNetworks)
            {
                var json = System.IO.Path.Combine(full, network + ".json");
                if (File.Exists(json) && File.Exists(System.IO.Path.ChangeExtension(json, ".bin")))
                {
                    var dir = System.IO.Path.GetDirectoryName(json)!;
                    return new EvalTarget(dir, System.IO.Path.GetFileNameWithoutExtension(json), false, RunConfigOf(dir));
                }
            }
            throw new InvalidDataException($"{path} holds no trained network ({string.Join(", ", RunFolderNetworks)}); name its .json or .onnx file");
        }
        if (!File.Exists(full)) throw new InvalidDataException($"{path}: no such file or folder");
        var folder = System.IO.Path.GetDirectoryName(full)!;
        var name = System.IO.Path.GetFileNameWithoutExtension(full);
        switch (System.IO.Path.GetExtension(full).ToLowerInvariant())
        {
            case ".onnx":
                return new EvalTarget(folder, name, true, RunConfigOf(folder));
            case ".json" or ".bin":
                foreach (var ext in new[] { ".json", ".bin" })
                    if (!File.Exists(System.IO.Path.Combine(folder, name + ext)))
                        throw new InvalidDataException($"{path}: {name}{ext} is missing beside it (a saved network is a .json and a .bin)");
                return new EvalTarget(folder, name, false, RunConfigOf(folder));
            default:
                throw new InvalidDataException($"{path}: not a saved network (.json/.bin), an .onnx file or a run folder");
        }
    }

    /// <summary>The resolved config of the run folder <paramref name="folder"/> is, or is the <c>networks/</c> folder of.</summary>
    private static string? RunConfigOf(string folder)
    {
        var parent = System.IO.Path.GetDirectoryName(folder);
        return new[] { folder, parent }.OfType<string>().Where(RunFolder.IsRunFolder)
            .Select(f => System.IO.Path.Combine(f, RunFolder.ConfigFile)).FirstOrDefault();
    }
}
