using BossNas.Core.Architectures;
using BossNas.Core.Components;
using BossNas.Core.Spaces;
using BossNas.Engine.Config;
using BossNas.Engine.Export;
using BossNas.Engine.Import;
using BossNas.Engine.Plugins;
using BossNas.Engine.Runs;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary>
/// <c>bossnas train --from-supernet</c>: the network inherits its weights from a trained supernet exported by
/// <c>bossnas export --supernet</c> (<see cref="SupernetFile"/>), as the <c>inherit</c> phase does
/// (<see cref="ISearchSpace.InheritWeights"/>), and is trained from there. The file's search space (plugin and every
/// option) and input shape must be the config's, so the supernet's slices are the ones this architecture has.
/// </summary>
public sealed class SupernetInitialWeights : InitialWeights
{
    private readonly string _file;

    /// <summary>
    /// The supernet <paramref name="source"/> names: a run folder (its <see cref="SupernetFile.FileName"/>, exported first
    /// with <paramref name="host"/>'s plugins when the folder has none yet) or the exported file itself.
    /// </summary>
    /// <exception cref="InvalidDataException">Neither a run folder with a trained supernet nor a file.</exception>
    public SupernetInitialWeights(string source, PluginHost host)
    {
        if (RunFolder.IsRunFolder(source))
        {
            var file = Path.Combine(source, SupernetFile.FileName);
            _file = File.Exists(file) ? file : SupernetExporter.Export(source, host);
        }
        else if (File.Exists(source)) _file = source;
        else throw new InvalidDataException($"{source}: neither a run folder nor an exported supernet file");
        _file = Path.GetFullPath(_file);
    }

    /// <inheritdoc />
    public override string Option => "--from-supernet";

    /// <inheritdoc />
    public override string Source => "supernet " + _file;

    /// <inheritdoc />
    protected override nn.Module<Tensor, Tensor> Standalone(RunConfig config, ISearchSpace space, Architecture architecture, InputShape input)
    {
        var metadata = SafeTensors.ReadMetadata(_file);
        if (!metadata.TryGetValue(SupernetFile.KindKey, out var kind) || kind != SupernetFile.Kind)
            throw new InvalidDataException($"{_file}: not a supernet of `bossnas export --supernet` (no {SupernetFile.KindKey} = {SupernetFile.Kind} in its metadata)");
        var spaceToml = SupernetFile.SpaceToml(config[ComponentKind.SearchSpace]);
        if (metadata.GetValueOrDefault(SupernetFile.SpaceKey) is not { } saved || saved != spaceToml)
            throw new InvalidDataException($"{_file}: its search space differs from the config's: the supernet's is " +
                                           $"{OneLine(metadata.GetValueOrDefault(SupernetFile.SpaceKey) ?? "(none)")}, the config's {OneLine(spaceToml)}");
        var built = SupernetFile.Input(metadata, _file);
        if (built != input) throw new InvalidDataException($"{_file}: the supernet was built for {built}, the config's data is {input}");
        using var supernet = space.CreateSupernet(input);
        var tensors = Safetensors.LoadStateDict(_file);
        try
        {
            WeightImport.LoadInto(supernet, tensors, NameMap.None, _file);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
        var model = CreateSeeded(config, space, architecture, input);
        try
        {
            space.InheritWeights(supernet, model, architecture);
            return model;
        }
        catch (NotSupportedException e)
        {
            model.Dispose();
            throw new InvalidDataException($"{_file}: {architecture} cannot inherit the supernet's weights: {e.Message}");
        }
    }

    private static string OneLine(string toml) =>
        string.Join("; ", toml.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
