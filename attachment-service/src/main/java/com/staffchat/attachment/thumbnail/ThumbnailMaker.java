package com.staffchat.attachment.thumbnail;

import com.staffchat.attachment.thumbnail.ThumbnailRefusedException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.ExifUtils;
import net.coobird.thumbnailator.util.exif.Orientation;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.springframework.stereotype.Component;

/**
 * Makes the two thumbnails of an image or of a PDF's first page. Blocking and CPU-heavy: call it on a
 * bounded scheduler ({@link Thumbnails} does), never on an event loop.
 *
 * <p>The source is spooled to a temporary file first, so it is never held in memory whole and can be read
 * twice: once for the header, once to decode. The header's pixel count is checked before anything is
 * decoded, so a small file declaring a huge image (a decompression bomb) is refused in milliseconds instead
 * of exhausting the heap. Images are decoded with source subsampling to between one and two times the large
 * size, so a large photo costs tens of megabytes at most rather than its full decoded size. EXIF orientation is applied, and
 * the output is encoded from pixels alone: no EXIF, GPS or camera metadata reaches a thumbnail.
 */
@Component
public class ThumbnailMaker {

    private static final Set<String> IMAGE_TYPES =
            Set.of("image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp");
    private static final String PDF = "application/pdf";
    private static final float POINTS_PER_INCH = 72f;

    private final ThumbnailProperties properties;

    ThumbnailMaker(ThumbnailProperties properties) {
        this.properties = properties;
    }

    /** Whether files of {@code contentType} (as detected from their bytes) get thumbnails. SVG never does. */
    public static boolean supports(String contentType) {
        String type = baseType(contentType);
        return IMAGE_TYPES.contains(type) || PDF.equals(type);
    }

    /**
     * The two thumbnails of {@code source}, which is read to its end but not closed.
     *
     * @throws ThumbnailRefusedException when the file cannot have a thumbnail (a pixel bomb, corrupt bytes, an
     *     oversized PDF page, an unsupported type)
     * @throws UncheckedIOException when {@code source} (S3) or the temporary directory failed: worth retrying
     */
    public RenderedThumbnails make(InputStream source, String contentType) {
        String type = baseType(contentType);
        if (!supports(type)) {
            throw new ThumbnailRefusedException(Reason.UNSUPPORTED_TYPE, contentType + " does not get thumbnails");
        }
        Path file = spool(source);
        try {
            return PDF.equals(type) ? pdf(file) : image(file);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the temporary directory is cleaned by the OS; nothing more to do here
            }
        }
    }

    /**
     * The width and height an image file declares in its header, read without decoding it; refused as a
     * {@link Reason#PIXEL_BOMB} above {@code staffchat.thumbnails.max-pixels}. For the upload, which can refuse
     * such a file (422) before it is stored.
     */
    public ImageSize checkDeclaredSize(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true);
                return declaredSize(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * As {@link #checkDeclaredSize(Path)}, from the first {@code length} bytes of the file (the upload's first part,
     * which holds the header of any image worth a thumbnail): {@link Reason#PIXEL_BOMB} above
     * {@code staffchat.thumbnails.max-pixels}, {@link Reason#UNREADABLE} when those bytes hold no header the readers
     * know (the thumbnail job decides later).
     */
    public ImageSize checkDeclaredSize(byte[] head, int length) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(head, 0, length))) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, true);
                return declaredSize(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** An image's size in pixels. */
    public record ImageSize(int width, int height) {}

    private RenderedThumbnails image(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = readerFor(in);
            try {
                reader.setInput(in, true, false); // metadata wanted: the EXIF orientation
                ImageSize size = declaredSize(reader);
                boolean alpha = hasAlpha(reader);
                Orientation orientation = orientation(reader);

                ImageReadParam param = reader.getDefaultReadParam();
                int longEdge = Math.max(size.width(), size.height());
                // decoded at between once and twice the large size: at most (2 x large-edge)^2 pixels in memory
                // (26 MB at 1280 px), whatever the source's size, and still at least the large size to scale from
                int subsampling = Math.max(1, longEdge / properties.largeEdge());
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                BufferedImage decoded;
                try {
                    decoded = reader.read(0, param);
                } catch (IOException | RuntimeException e) {
                    throw unreadable(e);
                }
                if (orientation != null && orientation != Orientation.TOP_LEFT) {
                    decoded =
                            ExifFilterUtils.getFilterForOrientation(orientation).apply(decoded);
                }
                return encodeBoth(decoded, alpha);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private RenderedThumbnails pdf(Path file) {
        // pages are parsed from the file on demand and PDFBox's scratch data goes to temporary files, not the heap
        try (PDDocument document =
                Loader.loadPDF(new RandomAccessReadBufferedFile(file), IOUtils.createTempFileOnlyStreamCache())) {
            if (document.getNumberOfPages() < 1) {
                throw new ThumbnailRefusedException(Reason.PAGE_SIZE, "the PDF has no pages");
            }
            PDPage page = document.getPage(0);
            PDRectangle box = page.getCropBox();
            float longSide = Math.max(box.getWidth(), box.getHeight());
            float shortSide = Math.min(box.getWidth(), box.getHeight());
            float maxPoints = properties.maxPdfPageInches() * POINTS_PER_INCH;
            if (!(shortSide >= 1f) || longSide > maxPoints) {
                throw new ThumbnailRefusedException(
                        Reason.PAGE_SIZE,
                        "the PDF's first page is " + Math.round(box.getWidth()) + " x " + Math.round(box.getHeight())
                                + " points; pages up to " + properties.maxPdfPageInches() + " inches a side are"
                                + " rendered");
            }
            // the long side becomes the large size, but never above max-pdf-dpi: the render is bounded either way
            // PDFBox floors the page's size in pixels: a quarter pixel more keeps 449.99 from becoming 449
            float scale = Math.min(properties.largeEdge() / longSide, properties.maxPdfDpi() / POINTS_PER_INCH)
                    + 0.25f / longSide;
            PDFRenderer renderer = new PDFRenderer(document);
            // images in the page are read subsampled to the output's resolution, not decoded whole
            renderer.setSubsamplingAllowed(true);
            BufferedImage rendered;
            try {
                rendered = renderer.renderImage(0, scale, ImageType.RGB);
            } catch (IOException | RuntimeException e) {
                throw unreadable(e);
            }
            return encodeBoth(rendered, false);
        } catch (IOException e) {
            throw unreadable(e); // not a PDF, truncated, or encrypted with a user password
        }
    }

    private static ImageReader readerFor(ImageInputStream in) {
        if (in == null) {
            throw new UncheckedIOException(new IOException("could not open the spooled file"));
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ThumbnailRefusedException(Reason.UNREADABLE, "the bytes are not an image this service can read");
        }
        return readers.next();
    }

    private ImageSize declaredSize(ImageReader reader) {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        if (width < 1 || height < 1) {
            throw new ThumbnailRefusedException(
                    Reason.UNREADABLE, "the image declares a size of " + width + " x " + height);
        }
        long pixels = (long) width * height;
        if (pixels > properties.maxPixels()) {
            throw new ThumbnailRefusedException(
                    Reason.PIXEL_BOMB,
                    "the image declares " + width + " x " + height + " pixels (" + pixels + "); at most "
                            + properties.maxPixels() + " are accepted");
        }
        return new ImageSize(width, height);
    }

    private static boolean hasAlpha(ImageReader reader) {
        try {
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            if (raw != null) {
                return raw.getColorModel().hasAlpha();
            }
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            return types.hasNext() && types.next().getColorModel().hasAlpha();
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** The EXIF orientation, or null when there is none or it cannot be read (the image is then shown as stored). */
    private static Orientation orientation(ImageReader reader) {
        try {
            return ExifUtils.getExifOrientation(reader, 0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private RenderedThumbnails encodeBoth(BufferedImage source, boolean alpha) {
        BufferedImage large = fit(source, properties.largeEdge(), alpha);
        BufferedImage small = fit(large, properties.smallEdge(), alpha);
        return new RenderedThumbnails(encode(small, alpha), encode(large, alpha));
    }

    /** {@code image} with its long edge at most {@code edge}, never enlarged, in an RGB or ARGB raster. */
    private static BufferedImage fit(BufferedImage image, int edge, boolean alpha) {
        int width = image.getWidth();
        int height = image.getHeight();
        int longEdge = Math.max(width, height);
        int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (longEdge <= edge && image.getType() == type) {
            return image;
        }
        double scale = Math.min(1.0, (double) edge / longEdge);
        // at least one pixel: a 100000 x 1 strip stays a (thin) image instead of failing
        int targetWidth = Math.max(1, (int) Math.round(width * scale));
        int targetHeight = Math.max(1, (int) Math.round(height * scale));
        try {
            return Thumbnails.of(image)
                    .forceSize(targetWidth, targetHeight)
                    .imageType(type)
                    .asBufferedImage();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory scaling: not expected
        }
    }

    private RenderedThumbnails.Image encode(BufferedImage image, boolean alpha) {
        var out = new ByteArrayOutputStream();
        try {
            if (alpha) {
                ImageIO.write(image, "png", out);
            } else {
                ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(properties.jpegQuality());
                try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(stream);
                    // no metadata: nothing of the source's EXIF, GPS or camera data is written
                    writer.write(null, new IIOImage(image, null, null), param);
                } finally {
                    writer.dispose();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RenderedThumbnails.Image(
                out.toByteArray(), alpha ? "image/png" : "image/jpeg", image.getWidth(), image.getHeight());
    }

    private static Path spool(InputStream source) {
        Path file = null;
        try {
            file = Files.createTempFile("staffchat-thumbnail-", ".source");
            Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // reported below
                }
            }
            throw new UncheckedIOException("could not read the file to thumbnail", e);
        }
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static ThumbnailRefusedException unreadable(Throwable e) {
        if (e instanceof ThumbnailRefusedException refused) {
            return refused;
        }
        return new ThumbnailRefusedException(
                Reason.UNREADABLE, "the file could not be read as an image or PDF: " + e.getMessage(), e);
    }
}
