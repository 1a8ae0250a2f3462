namespace BossNas.Cli.Json;

/// <summary><c>bossnas eval --json</c>: a network's test accuracy.</summary>
/// <param name="Model">The model argument as given.</param>
/// <param name="Runtime"><c>torchsharp</c> or <c>onnx</c>.</param>
/// <param name="Images">Test images.</param>
/// <param name="Correct">Correctly classified test images.</param>
/// <param name="Accuracy">Top-1 test accuracy, a fraction (the text shows it as a percentage).</param>
internal sealed record EvalJson(string Model, string Runtime, int Images, long Correct, double Accuracy);
