using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;
using static TorchSharp.torch;

namespace BossNas.Engine.Training;

/// <summary>Top-1 accuracy of a classifier on a split, in eval mode without gradients.</summary>
internal static class Accuracy
{
    /// <summary>Fraction of correctly classified images of <paramref name="data"/>.</summary>
    public static double Of(nn.Module<Tensor, Tensor> model, IImageSource data, ViewPipelines views, int batchSize, Device device)
    {
        bool training = model.training;
        model.eval();
        double accuracy;
        using (no_grad())
            accuracy = (double)Correct(images => model.call(images.to(device)), data, views, batchSize) / data.Count;
        model.train(training);
        return accuracy;
    }

    /// <summary>
    /// How many images of <paramref name="data"/> <paramref name="classify"/> gets right: it receives each batch (at most
    /// <paramref name="batchSize"/>, in order) normalised by <see cref="ViewPipelines.Eval"/> and returns the logits.
    /// </summary>
    public static long Correct(Func<Tensor, Tensor> classify, IImageSource data, ViewPipelines views, int batchSize)
    {
        long correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(batchSize, data.Count - start);
            var idx = Enumerable.Range(start, n).Select(i => (long)i).ToArray();
            var (images, labels) = data.Gather(idx);
            var logits = classify(views.Eval(images));
            correct += logits.argmax(1).eq(labels.to(logits.device)).sum().item<long>();
        }
        return correct;
    }
}
