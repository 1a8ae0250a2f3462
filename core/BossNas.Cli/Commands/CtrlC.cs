namespace BossNas.Cli.Commands;

/// <summary>
/// Turns the first Ctrl-C into a cancellation (the run stops after the current step, checkpoint first); a second
/// Ctrl-C is left to the runtime, which ends the process.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _stop;

    /// <summary>Starts listening to Ctrl-C.</summary>
    /// <param name="outer">Also cancels <see cref="Token"/> (the token handed to the command).</param>
    public CtrlC(CancellationToken outer = default)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += OnCancel;
    }

    /// <summary>Cancelled by the first Ctrl-C or by the outer token.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Stops listening to Ctrl-C.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _stop.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_stop.IsCancellationRequested) return;
        e.Cancel = true;
        Console.Error.WriteLine("\nstopping after the current step (checkpoint first); Ctrl-C again to abort");
        _stop.Cancel();
    }
}
