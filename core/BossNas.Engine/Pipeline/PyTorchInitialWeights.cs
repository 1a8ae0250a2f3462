using BossNas.Core.Architectures;
using BossNas.Core.Spaces;
using BossNas.Engine.Config;
using BossNas.Engine.Import;
using static TorchSharp.torch;

namespace BossNas.Engine.Pipeline;

/// <summary><c>bossnas train --init &lt;file&gt;</c>: the network starts from a PyTorch state dict (<see cref="WeightImport"/>).</summary>
/// <param name="path">A <c>.safetensors</c>, <c>.pth</c> or <c>.pt</c> file.</param>
/// <param name="names">Renames of the file's tensor names (<c>--rename</c>).</param>
public sealed class PyTorchInitialWeights(string path, NameMap names) : InitialWeights
{
    /// <inheritdoc />
    public override string Option => "--init";

    /// <inheritdoc />
    public override string Source =>
        Path.GetFullPath(path) + string.Concat(names.Rules.Select(r => $" rename {r.Key}={r.Value}"));

    /// <inheritdoc />
    protected override nn.Module<Tensor, Tensor> Standalone(RunConfig config, ISearchSpace space, Architecture architecture, InputShape input)
    {
        var model = CreateSeeded(config, space, architecture, input);
        try
        {
            WeightImport.LoadFile(model, path, names);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
