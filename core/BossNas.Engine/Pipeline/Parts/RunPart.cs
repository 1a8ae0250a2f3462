using System.Text.Json;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Runs;

namespace BossNas.Engine.Pipeline.Parts;

/// <summary>
/// An independent part of a run, run by the run's parts executor in a folder of its own,
/// <c>&lt;run&gt;/parts/&lt;name&gt;/</c>, which holds the run's resolved config, the part's description
/// (<c>part.json</c>), its checkpoints, log and metrics, and at the end its result (<c>result.json</c>).
/// </summary>
/// <param name="Name">Folder name and unit id: <c>stage2</c>, <c>retrain</c>, <c>control3</c>.</param>
/// <param name="Kind"><see cref="StageKind"/> (one independent supernet stage) or <see cref="TrainKind"/> (one network from scratch).</param>
/// <param name="Stage">The supernet stage (stage parts).</param>
/// <param name="Phase">The phase the part's work belongs to (<c>supernet</c>, <c>retrain</c>, <c>control2</c>, ...).</param>
/// <param name="Architecture">The architecture trained from scratch (train parts).</param>
internal sealed record RunPart(string Name, string Kind, int Stage, string Phase, string? Architecture)
{
    /// <summary>One independent supernet stage; its result is the tensors the stage changed (<c>stage.bin</c>).</summary>
    public const string StageKind = "stage";

    /// <summary>One stand-alone network trained from scratch; its result is the test accuracy and the network.</summary>
    public const string TrainKind = "train";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The parts folder of <paramref name="run"/>.</summary>
    public static string Root(RunFolder run) => run.File("parts");

    /// <summary>This part's folder in <paramref name="run"/>.</summary>
    public string FolderIn(RunFolder run) => Path.Combine(Root(run), Name);

    /// <summary>Whether the part finished (its result is written).</summary>
    public bool IsDone(RunFolder run) => File.Exists(Path.Combine(FolderIn(run), PartResult.File));

    /// <summary>Creates the part's folder (the run's config, <c>part.json</c>) unless it exists; returns it.</summary>
    public RunFolder Prepare(RunFolder run)
    {
        var path = FolderIn(run);
        if (RunFolder.IsRunFolder(path) && File.Exists(Path.Combine(path, "part.json"))) return RunFolder.Open(path);
        var folder = RunFolder.CreateAt(path, File.ReadAllText(run.File(RunFolder.ConfigFile)), run.ConfigHash ?? "");
        CheckpointStore.ReplaceAtomically(folder.File("part.json"), JsonSerializer.Serialize(this, Json));
        return folder;
    }

    /// <summary>The part <paramref name="name"/> of <paramref name="run"/>, as its coordinator described it.</summary>
    /// <exception cref="InvalidDataException">There is no such part.</exception>
    public static RunPart Load(RunFolder run, string name)
    {
        var file = Path.Combine(Root(run), name, "part.json");
        if (!File.Exists(file))
            throw new InvalidDataException($"{run.Path} has no part '{name}' (no {file}); parts are created by the run itself");
        return JsonFiles.Read<RunPart>(file, "a part's description");
    }
}

/// <summary>What a finished part leaves in <c>result.json</c>.</summary>
/// <param name="Accuracy">Test accuracy of a train part; null for a stage part.</param>
/// <param name="Seconds">Training seconds.</param>
internal sealed record PartResult(double? Accuracy, double Seconds)
{
    /// <summary>File name in the part's folder.</summary>
    public const string File = "result.json";

    /// <summary>Writes the result atomically (the part counts as done from then on).</summary>
    public void Save(RunFolder part) => CheckpointStore.ReplaceAtomically(part.File(File), JsonSerializer.Serialize(this));

    /// <summary>Reads the result of a finished part.</summary>
    public static PartResult Read(RunFolder part) =>
        JsonFiles.Read<PartResult>(part.File(File), "a finished part's result");
}
