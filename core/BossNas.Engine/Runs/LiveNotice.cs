namespace BossNas.Engine.Runs;

/// <summary>
/// A line for the user while a live progress display owns the terminal (writing a line under it makes it draw its
/// bars twice): the display shows <see cref="Text"/> in its bars' descriptions instead.
/// </summary>
public static class LiveNotice
{
    private static volatile string? _text;
    private static volatile bool _active;

    /// <summary>Whether a live progress display is drawing now.</summary>
    public static bool Active
    {
        get => _active;
        internal set => _active = value;
    }

    /// <summary>The notice the bars show, or null.</summary>
    public static string? Text
    {
        get => _text;
        set => _text = value;
    }
}
