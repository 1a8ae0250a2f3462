namespace BossNas.Engine.Config;

/// <summary>One problem in a config, at its position (1-based line and column; 0 when unknown).</summary>
public sealed record ConfigError(string Source, int Line, int Column, string Message)
{
    /// <summary><c>file:line:column: message</c>, the form compilers use, so editors can jump to it.</summary>
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}: {Message}" : $"{Source}: {Message}";
}
