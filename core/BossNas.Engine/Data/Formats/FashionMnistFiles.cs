namespace BossNas.Engine.Data;

/// <summary>Paths of the four Fashion-MNIST IDX files, each either raw or gzip-compressed.</summary>
/// <param name="TrainImages">train-images-idx3-ubyte[.gz]</param>
/// <param name="TrainLabels">train-labels-idx1-ubyte[.gz]</param>
/// <param name="TestImages">t10k-images-idx3-ubyte[.gz]</param>
/// <param name="TestLabels">t10k-labels-idx1-ubyte[.gz]</param>
internal sealed record FashionMnistFiles(string TrainImages, string TrainLabels, string TestImages, string TestLabels);
