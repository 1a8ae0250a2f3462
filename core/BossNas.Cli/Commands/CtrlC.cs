namespace BossNas.Cli.Commands;

/// <summary>
/// Turns the first Ctrl-C into a cancellation (the run stops after the current step, checkpoint first); a second
/// Ctrl-C is left to the runtime, which ends the process.
/// </summary>
internal sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public CtrlC() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token => _stop.Token;

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
