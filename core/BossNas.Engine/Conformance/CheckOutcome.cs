namespace BossNas.Engine.Conformance;

/// <summary>How one conformance check went.</summary>
public enum CheckStatus
{
    /// <summary>The check ran and the contract held.</summary>
    Pass,

    /// <summary>The check ran and the contract broke.</summary>
    Fail,

    /// <summary>The check could not run on this component (the detail says why).</summary>
    Skip,
}

/// <summary>One conformance check and how it went.</summary>
/// <param name="Check">What was checked, naming the component.</param>
/// <param name="Status">Pass, fail or skip.</param>
/// <param name="Detail">The breach (component, contract member, where the exception came from) or the reason for a skip; empty on a pass.</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Stack">The exception's stack trace for a failure that was an exception (shown with <c>--verbose</c>), or empty.</param>
public sealed record CheckOutcome(string Check, CheckStatus Status, string Detail, double Seconds, string Stack = "")
{
    /// <summary>Whether the contract held (a skipped check did not pass).</summary>
    public bool Passed => Status == CheckStatus.Pass;

    /// <summary>PASS, FAIL or SKIP.</summary>
    public string Label => Status.ToString().ToUpperInvariant();
}
