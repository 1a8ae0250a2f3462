namespace BossNas.Engine.Config;

/// <summary>One problem in a config, at its position (1-based line and column; 0 when unknown).</summary>
public sealed record ConfigError(string Source, int Line, int Column, string Message)
{
    /// <summary><c>file:line:column: message</c>, the form compilers use, so editors can jump to it.</summary>
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}: {Message}" : $"{Source}: {Message}";

    /// <summary>
    /// <paramref name="text"/> with control characters written as escapes (<c>\n</c>, <c>\t</c>, <c>\u001b</c>), so a
    /// value quoted in a message keeps the error on one line.
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!char.IsControl(c)) sb.Append(c);
            else sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        return sb.ToString();
    }
}
