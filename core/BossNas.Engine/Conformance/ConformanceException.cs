namespace BossNas.Engine.Conformance;

/// <summary>A component broke a contract; the message says which and how.</summary>
public sealed class ConformanceException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Require(bool condition, string message)
    {
        if (!condition) throw new ConformanceException(message);
    }
}

/// <summary>A check that cannot run on this component (the reason says why); reported as SKIP, never as PASS.</summary>
public sealed class CheckSkippedException(string reason) : Exception(reason);
