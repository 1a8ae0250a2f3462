using BossNas.Engine.Data;
using BossNas.Engine.Data.Augment;
using static TorchSharp.torch;

namespace BossNas.Engine.Training;

/// <summary>Top-1 accuracy of a classifier on a split, in eval mode without gradients.</summary>
internal static class Accuracy
{
    /// <summary>Fraction of correctly classified images of <paramref name="data"/>.</summary>
    public static double Of(nn.Module<Tensor, Tensor> model, ImageTensors data, ViewPipelines views, int batchSize, Device device)
    {
        bool training = model.training;
        model.eval();
        long correct = 0;
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(batchSize, data.Count - start);
                var idx = Enumerable.Range(start, n).Select(i => (long)i).ToArray();
                var (images, labels) = data.Gather(idx);
                var logits = model.call(views.Eval(images).to(device));
                correct += logits.argmax(1).eq(labels.to(device)).sum().item<long>();
            }
        }
        model.train(training);
        return (double)correct / data.Count;
    }
}
