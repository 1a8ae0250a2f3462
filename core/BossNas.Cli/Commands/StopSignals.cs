using System.Runtime.InteropServices;

namespace BossNas.Cli.Commands;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM (what Slurm and container runtimes send before killing) into a
/// cancellation: the run stops after the current step, checkpoint first, and exits 130 or 143. A second Ctrl-C is left
/// to the runtime, which ends the process.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    /// <summary>Starts listening.</summary>
    /// <param name="outer">Also cancels <see cref="Token"/> (the token handed to the command).</param>
    public StopSignals(CancellationToken outer = default)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        // Both signals through the same mechanism; the first of either cancels, the second Ctrl-C ends the process.
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt);
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerm);
    }

    /// <summary>Cancelled by the first Ctrl-C, SIGTERM or the outer token.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Whether SIGTERM (rather than Ctrl-C or the caller) stopped the command.</summary>
    public bool Terminated { get; private set; }

    /// <summary>The exit code of a stopped command: 143 after SIGTERM, 130 otherwise.</summary>
    public int ExitCode => Terminated ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        _interrupt.Dispose();
        _term.Dispose();
        _stop.Dispose();
    }

    // Under a live progress display the bars carry the notice (a line written under it would redraw them).
    private static void Say(string text)
    {
        if (Engine.Runs.LiveNotice.Active) Engine.Runs.LiveNotice.Text = text;
        else Console.Error.WriteLine("\n" + text);
    }

    private void OnInterrupt(PosixSignalContext context)
    {
        if (_stop.IsCancellationRequested) return; // the second Ctrl-C: the runtime's default ends the process
        context.Cancel = true;
        // Cancel first: the message may wait for the console while a progress display is drawing.
        _stop.Cancel();
        Say("stopping after the current step (checkpoint first); Ctrl-C again to abort");
    }

    private void OnTerm(PosixSignalContext context)
    {
        context.Cancel = true; // the process ends when the command has checkpointed, not now
        if (_stop.IsCancellationRequested) return;
        Terminated = true;
        _stop.Cancel();
        Say("SIGTERM: stopping after the current step (checkpoint first)");
    }
}
