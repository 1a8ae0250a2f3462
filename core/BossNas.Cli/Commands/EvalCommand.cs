using System.ComponentModel;
using System.Globalization;
using BossNas.Cli.Json;
using BossNas.Cli.Settings;
using BossNas.Engine.Eval;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas eval &lt;model&gt; [--data &lt;config&gt;]</c>: the test accuracy of a saved network in TorchSharp, or of its
/// ONNX export in ONNX Runtime, on a config's dataset read as training read it.
/// </summary>
[Description("Tests a saved network or an exported .onnx model on a config's test set")]
internal sealed class EvalCommand : BossNasCommand<EvalSettings>
{
    /// <inheritdoc/>
    protected override int Run(EvalSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Model) && !Directory.Exists(settings.Model)) throw new UsageException($"{settings.Model}: no such file or folder");
        if (settings.Data is { } data) Hosting.RequireFile(data);
        try
        {
            var target = EvalTarget.Resolve(settings.Model);
            // The space is rebuilt from the run folder's config when there is one, so its [plugins] paths count first.
            using var host = Hosting.ForConfig(target.RunConfig ?? settings.Data, settings.Sets);
            var result = ModelEvaluation.Evaluate(target, settings.Data, settings.Sets, host);
            if (settings.Json) CliJson.Print(new EvalJson(settings.Model, result.Runtime, result.Images, result.Correct, result.Accuracy));
            else
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"test accuracy {result.Accuracy:P2} on {result.Images} test images ({result.Runtime})"));
            return ExitCodes.Ok;
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
