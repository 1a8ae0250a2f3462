using StbImageSharp;

namespace BossNas.Engine.Data;

/// <summary>
/// Reads an ImageNet-style tree, <c>root/&lt;class&gt;/**/*.png|jpg|jpeg</c>, decoding with StbImageSharp
/// (pure managed, so no native library has to match the machine). Class names are the subfolder names
/// in ordinal order; a class's images are taken in ordinal order of their relative paths, so the result
/// does not depend on the file system's listing order. Subfolders whose names start with '.' are ignored.
/// </summary>
internal sealed class ImageFolderReader
{
    /// <summary>Configures the output shape every image is converted to.</summary>
    /// <param name="height">Output height; images of another size are resized bilinearly.</param>
    /// <param name="width">Output width.</param>
    /// <param name="channels">1 (grey), 3 (RGB; grey images are expanded) or 4 (RGBA; opaque alpha is added).</param>
    public ImageFolderReader(int height, int width, int channels = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (channels is not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be 1, 3 or 4");
        Height = height;
        Width = width;
        Channels = channels;
    }

    /// <summary>Output height in pixels.</summary>
    public int Height { get; }

    /// <summary>Output width in pixels.</summary>
    public int Width { get; }

    /// <summary>Output channel count.</summary>
    public int Channels { get; }

    /// <summary>File extensions (case-insensitive) treated as images; other files are skipped.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <summary>Decodes every image under <paramref name="root"/>.</summary>
    /// <exception cref="DataFormatException">The folder is missing, has no images, or an image cannot be decoded.</exception>
    public RawImageSet Read(string root)
    {
        var (files, classNames) = List(root);
        int imageBytes = Channels * Height * Width;
        if ((long)files.Count * imageBytes > Array.MaxLength)
            throw new DataFormatException(root, $"{files.Count} images of {Channels}x{Height}x{Width}",
                $"at most {Array.MaxLength} bytes in all");

        var pixels = new byte[(long)files.Count * imageBytes];
        var labels = new long[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            // Sequential on purpose: StbImageSharp keeps its failure reason in a shared static field.
            var image = Decode(files[i].Path);
            ImageResize.ToPlanes(image.Data, image.Height, image.Width, Channels,
                pixels.AsSpan(i * imageBytes, imageBytes), Height, Width);
            labels[i] = files[i].Label;
        }

        return new RawImageSet(pixels, labels, Channels, Height, Width, classNames,
            $"{root} (image folder: {files.Count} images in {classNames.Length} classes)");
    }

    /// <summary>Every image file under <paramref name="root"/> with its class index, and the class names, without decoding.</summary>
    /// <exception cref="DataFormatException">The folder is missing, or has no class folders or a class without images.</exception>
    public static (List<(string Path, long Label)> Files, string[] ClassNames) List(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
            throw new DataFormatException(root, "folder not found", "a folder with one subfolder per class");

        string[] classDirs = Directory.GetDirectories(root)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (classDirs.Length == 0)
            throw new DataFormatException(root, "no class subfolders", "one subfolder of images per class");

        var files = new List<(string Path, long Label)>();
        for (int c = 0; c < classDirs.Length; c++)
        {
            var images = Directory.GetFiles(classDirs[c], "*", SearchOption.AllDirectories)
                .Where(IsImage)
                .Order(StringComparer.Ordinal).ToList();
            if (images.Count == 0)
                throw new DataFormatException(classDirs[c], "class folder without images",
                    $"at least one file ending in {string.Join(", ", Extensions)} per class");
            files.AddRange(images.Select(f => (f, (long)c)));
        }
        if (files.Count == 0)
            throw new DataFormatException(root, $"no images in {classDirs.Length} class folders",
                $"files ending in {string.Join(", ", Extensions)}");

        return (files, classDirs.Select(d => Path.GetFileName(d)).ToArray());
    }

    private static bool IsImage(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    private ImageResult Decode(string path)
    {
        ColorComponents wanted = Channels switch
        {
            1 => ColorComponents.Grey,
            3 => ColorComponents.RedGreenBlue,
            _ => ColorComponents.RedGreenBlueAlpha,
        };
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(File.ReadAllBytes(path), wanted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The decoder signals bad data with plain exceptions; name the file so the user can find it.
            throw new DataFormatException(path, $"cannot decode image: {e.Message}", "a valid PNG or JPEG image", e);
        }
        if (image is null || image.Width < 1 || image.Height < 1 || image.Data is null
            || image.Data.LongLength != (long)image.Width * image.Height * Channels)
            throw new DataFormatException(path, "decoder returned no usable pixels", "a valid PNG or JPEG image");
        return image;
    }
}
