using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace BossNas.Cli.Commands;

/// <summary>Spectre's help text plus a one-line description of <c>bossnas</c> (top-level help) and the exit codes.</summary>
/// <param name="settings">The application's settings.</param>
internal sealed class BossNasHelp(ICommandAppSettings settings) : HelpProvider(settings)
{
    /// <inheritdoc/>
    public override IEnumerable<IRenderable> GetHeader(ICommandModel model, ICommandInfo? command)
    {
        if (command is not null) yield break;
        yield return new Text("bossnas: block-wise self-supervised neural architecture search on TorchSharp");
        yield return Text.NewLine;
        yield return Text.NewLine;
    }

    /// <inheritdoc/>
    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        yield return Text.NewLine;
        yield return new Text("EXIT CODES: 0 ok, 1 failed, 2 bad input (usage, config, data), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM)");
        yield return Text.NewLine;
    }
}
