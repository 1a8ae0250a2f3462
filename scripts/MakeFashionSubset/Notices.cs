namespace BossNas.Scripts;

/// <summary>Texts written beside the subset: its licence (the dataset's own) and how it was made.</summary>
internal static class Notices
{
    /// <summary>Fashion-MNIST's MIT licence; redistributing the images requires shipping it with them.</summary>
    public const string License = """
        The MIT License (MIT)

        Copyright (c) 2017 Zalando SE

        Permission is hereby granted, free of charge, to any person obtaining a copy
        of this software and associated documentation files (the "Software"), to deal
        in the Software without restriction, including without limitation the rights
        to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
        copies of the Software, and to permit persons to whom the Software is
        furnished to do so, subject to the following conditions:

        The above copyright notice and this permission notice shall be included in all
        copies or substantial portions of the Software.

        THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
        OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
        SOFTWARE.

        """;

    /// <summary>README for the subset folder, naming the exact command that reproduces it.</summary>
    public static string Readme(int train, int test, ulong seed) => $"""
        # Fashion-MNIST subset

        A stratified subset of Fashion-MNIST (Zalando Research): {train} training and {test} test images,
        the same number from each of the 10 classes, in the original order and in the original gzip IDX
        format (28x28 uint8 greyscale). It was produced from the files of Debian's `dataset-fashion-mnist`
        package (`/usr/share/datasets/fashion-mnist`) by
        `dotnet run --project scripts/MakeFashionSubset -- /usr/share/datasets/fashion-mnist --train {train} --test {test} --seed {seed}`.
        Fashion-MNIST is MIT-licensed; see `LICENSE-fashion-mnist.txt`.

        """;
}
