using System.Text.Json;
using System.Text.Json.Serialization;
using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Engine.Checkpoints;
using BossNas.Engine.Runs;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// A trained stand-alone network in a run folder, as a later run can load and check it: <c>&lt;name&gt;.json</c> (the
/// search space's plugin name, the architecture, the input shape and the test accuracy) next to <c>&lt;name&gt;.bin</c>
/// (its parameters and buffers). <c>bossnas train</c> writes <c>model</c>; the teacher phase writes <c>teacher</c>.
/// </summary>
public sealed class TrainedNetwork
{
    /// <summary>Plugin name of the search space the architecture belongs to.</summary>
    public string Space { get; set; } = "";

    /// <summary>The architecture's encoding.</summary>
    public string Architecture { get; set; } = "";

    /// <summary>Image channels of the input the network was built for.</summary>
    public int Channels { get; set; }

    /// <summary>Image height.</summary>
    public int Height { get; set; }

    /// <summary>Image width.</summary>
    public int Width { get; set; }

    /// <summary>Classes of the classifier.</summary>
    public int Classes { get; set; }

    /// <summary>Test accuracy measured when it was trained, or null.</summary>
    public double? TestAccuracy { get; set; }

    /// <summary>How its input was prepared (null in descriptions written before it was recorded).</summary>
    public Data.InputPreprocessing? Preprocessing { get; set; }

    /// <summary>Where its initial weights came from (<c>bossnas train --init</c> or <c>--from-supernet</c>), or null.</summary>
    public string? InitialisedFrom { get; set; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes <paramref name="model"/> and its description to <paramref name="folder"/> under <paramref name="name"/>.</summary>
    internal static void Save(string folder, string name, nn.Module model, string space, Architecture architecture, InputShape input,
        double? testAccuracy, Data.InputPreprocessing? preprocessing, string? initialisedFrom = null)
    {
        var bin = Path.Combine(folder, name + ".bin");
        var tmp = bin + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var w = new BinaryWriter(stream))
        {
            TensorStore.Write(w, model.state_dict());
            w.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, bin, overwrite: true);
        var info = new TrainedNetwork
        {
            Space = space, Architecture = architecture.ToString(), Channels = input.Channels, Height = input.Height,
            Width = input.Width, Classes = input.Classes, TestAccuracy = testAccuracy, Preprocessing = preprocessing,
            InitialisedFrom = initialisedFrom,
        };
        CheckpointStore.ReplaceAtomically(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(info, Json));
    }

    /// <summary>Reads the description of network <paramref name="name"/> in <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidDataException">The folder holds no such network.</exception>
    public static TrainedNetwork Describe(string folder, string name)
    {
        var json = Path.Combine(folder, name + ".json");
        if (!File.Exists(json))
            throw new InvalidDataException($"{folder} holds no trained network ({name}.json is missing; `bossnas train` writes it)");
        return JsonFiles.Read<TrainedNetwork>(json, "a trained network's description", Json);
    }

    /// <summary>
    /// Builds the network of <paramref name="name"/> in <paramref name="folder"/> with <paramref name="space"/> and
    /// loads its weights, checking that it belongs to the same space (plugin name), input shape and tensor shapes.
    /// </summary>
    /// <exception cref="InvalidDataException">The saved network does not fit, with the reason.</exception>
    internal static (nn.Module<Tensor, Tensor> Model, Architecture Architecture, TrainedNetwork Info) Load(string folder, string name,
        ISearchSpace space, string spacePlugin, InputShape input)
    {
        var info = Describe(folder, name);
        if (info.Space != spacePlugin)
            throw new InvalidDataException($"the network in {folder} is of search space '{info.Space}', this run's is '{spacePlugin}'");
        var saved = new InputShape(info.Channels, info.Height, info.Width, info.Classes);
        if (saved != input) throw new InvalidDataException($"the network in {folder} was built for {saved}, this run's data is {input}");
        Architecture arch;
        try
        {
            arch = Core.Architectures.Architecture.Parse(info.Architecture);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"the network in {folder}: {e.Message}");
        }
        if (space.Validate(arch) is { } why)
            throw new InvalidDataException($"the network in {folder} ({arch}) is not an architecture of this space: {why}");
        var model = space.CreateStandalone(arch, input);
        try
        {
            using var r = new BinaryReader(File.OpenRead(Path.Combine(folder, name + ".bin")));
            var tensors = TensorStore.Read(r);
            try
            {
                TensorStore.LoadInto(model, tensors, "");
            }
            finally
            {
                foreach (var t in tensors.Values) t.Dispose();
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            model.Dispose();
            throw new InvalidDataException($"the network in {folder} does not fit architecture {arch} of this space's options: {e.Message}");
        }
        return (model, arch, info);
    }
}
