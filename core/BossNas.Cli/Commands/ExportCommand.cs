using System.ComponentModel;
using BossNas.Cli.Settings;
using BossNas.Engine.Export;
using BossNas.Engine.Runs;

namespace BossNas.Cli.Commands;

/// <summary>
/// <c>bossnas export</c>: every trained network of a run folder as safetensors (loadable in PyTorch with one call) and
/// as ONNX (runnable in ONNX Runtime and other ONNX runtimes), each described by a <c>&lt;name&gt;.config.json</c>; or,
/// with <c>--supernet</c>, the trained supernet as safetensors.
/// </summary>
[Description("Writes the trained networks of a run folder as safetensors and ONNX with their preprocessing, or its supernet")]
internal sealed class ExportCommand : BossNasCommand<ExportSettings>
{
    /// <inheritdoc/>
    protected override int Run(ExportSettings settings, CancellationToken cancellationToken)
    {
        if (!RunFolder.IsRunFolder(settings.Folder)) throw new UsageException($"{settings.Folder}: not a run folder");
        using var host = Hosting.ForConfig(Path.Combine(settings.Folder, RunFolder.ConfigFile));
        try
        {
            var files = settings.Supernet
                ? [SupernetExporter.Export(settings.Folder, host)]
                : NetworkExporter.Export(settings.Folder, host, settings.FoldNormalization);
            foreach (var file in files) Console.WriteLine(file);
            return ExitCodes.Ok;
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
