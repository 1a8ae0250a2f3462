using BossNas.Core.Supervision;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Execution;
using BossNas.Engine.Runs;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline.Parts;

/// <summary>
/// Independent supernet stages (DNA's blocks, each distilled from the teacher) as parts: every stage trains in its own
/// part from the modules as built from the run seed and leaves the tensors it changed in <c>stage.bin</c>; the run then
/// loads them stage by stage into its supernet and lets the searcher act after each, as if it had trained the stages
/// itself. Two stages that changed the same tensor were not independent, and the run stops saying which.
/// </summary>
internal static class StageParts
{
    private const string File = "stage.bin";

    /// <summary>
    /// Trains the stages not merged yet as parts, then merges each and calls <paramref name="endStage"/> for it.
    /// </summary>
    /// <exception cref="RunInterruptedException">Stopped by the user.</exception>
    public static void Run(RunSession s, IReadOnlyList<StageSpec> stages, IExecutor executor, Action<int, StageSpec> endStage)
    {
        var parts = stages.Select((stage, i) => new RunPart($"stage{i}", RunPart.StageKind, i, PhaseNames.Supernet, null)).ToList();
        PartUnits.Run(s, parts.Skip(s.State.Stage).ToList(), executor);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < stages.Count; i++)
        {
            var changed = Read(RunFolder.Open(parts[i].FolderIn(s.Folder)));
            PartResult result;
            try
            {
                foreach (var key in changed.Keys)
                    if (!owner.TryAdd(key, parts[i].Name))
                        throw new InvalidOperationException($"stages {owner[key]} and {parts[i].Name} both changed {key}: " +
                                                            "the strategy's stages are not independent and cannot run as parts");
                // Stages merged before a restart are in the resumed supernet already (and their metrics in the run's).
                if (i < s.State.Stage) continue;
                result = PartUnits.Collect(s, parts[i]).Result;
                TensorStore.LoadInto(s.Components.Strategy.Modules, changed, SupernetState.ModelPrefix, partial: true);
            }
            finally
            {
                foreach (var t in changed.Values) t.Dispose();
            }
            s.State.AddTime(PhaseNames.Supernet, result.Seconds);
            manual_seed(RunSeeds.AfterIndependentStage(s.Config.Run.Seed, i));
            endStage(i, stages[i]);
        }
    }

    /// <summary>Writes the tensors a stage part changed (temp file, then rename).</summary>
    public static void WriteChanged(RunFolder part, IEnumerable<KeyValuePair<string, Tensor>> changed)
    {
        var path = part.File(File);
        using (var w = new BinaryWriter(System.IO.File.Create(path + ".tmp")))
            TensorStore.Write(w, changed);
        System.IO.File.Move(path + ".tmp", path, overwrite: true);
    }

    private static Dictionary<string, Tensor> Read(RunFolder part)
    {
        using var r = new BinaryReader(System.IO.File.OpenRead(part.File(File)));
        return TensorStore.Read(r);
    }
}
