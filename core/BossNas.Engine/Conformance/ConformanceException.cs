namespace BossNas.Engine.Conformance;

/// <summary>A component broke a contract; the message says which and how.</summary>
public sealed class ConformanceException(string message) : Exception(message)
{
    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Require(bool condition, string message)
    {
        if (!condition) throw new ConformanceException(message);
    }
}
