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

    /// <summary>Starts listening.</summary>
    /// <param name="outer">Also cancels <see cref="Token"/> (the token handed to the command).</param>
    public StopSignals(CancellationToken outer = default)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += OnCancel;
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
        Console.CancelKeyPress -= OnCancel;
        _term.Dispose();
        _stop.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_stop.IsCancellationRequested) return;
        e.Cancel = true;
        Console.Error.WriteLine("\nstopping after the current step (checkpoint first); Ctrl-C again to abort");
        _stop.Cancel();
    }

    private void OnTerm(PosixSignalContext context)
    {
        context.Cancel = true; // the process ends when the command has checkpointed, not now
        if (_stop.IsCancellationRequested) return;
        Terminated = true;
        Console.Error.WriteLine("\nSIGTERM: stopping after the current step (checkpoint first)");
        _stop.Cancel();
    }
}
