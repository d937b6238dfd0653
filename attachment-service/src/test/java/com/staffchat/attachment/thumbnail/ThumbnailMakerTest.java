package com.staffchat.attachment.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.staffchat.attachment.thumbnail.ThumbnailRefusedException.Reason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees of a file they shared: thumbnails made from real files built in the test (a phone photo
 * with EXIF rotation and GPS, a transparent PNG, a PDF), and the files that must get none (a pixel bomb, corrupt
 * bytes, SVG), refused cleanly.
 */
public class ThumbnailMakerTest {

    static final ThumbnailProperties DEFAULTS =
            new ThumbnailProperties(320, 1280, 50_000_000L, 200, 150, 0.85f, 2, 1000, Duration.ofSeconds(60), null);

    final ThumbnailMaker maker = new ThumbnailMaker(DEFAULTS);

    @Test
    void phonePhotoIsTurnedUprightAndLosesItsExifAndGps() throws Exception {
        // stored 1200 x 800, left half red and right half blue; orientation 6 means "turn 90 degrees clockwise to
        // view", so upright it is 800 x 1200 with red on top and blue below
        byte[] photo = withExif(jpeg(halves(1200, 800, Color.RED, Color.BLUE)), 6);
        JpegImageMetadata source = (JpegImageMetadata) Imaging.getMetadata(photo);
        assertThat(source.findExifValue(TiffTagConstants.TIFF_TAG_ORIENTATION).getIntValue())
                .isEqualTo(6);
        assertThat(source.getExif().getGpsInfo())
                .as("the source really has GPS")
                .isNotNull();

        RenderedThumbnails thumbnails = maker.make(new ByteArrayInputStream(photo), "image/jpeg");

        assertThat(thumbnails.small().contentType()).isEqualTo("image/jpeg");
        assertThat(thumbnails.small().width()).isEqualTo(213);
        assertThat(thumbnails.small().height()).isEqualTo(320);
        assertThat(thumbnails.large().width()).isEqualTo(800);
        assertThat(thumbnails.large().height()).isEqualTo(1200);
        for (RenderedThumbnails.Image thumbnail :
                new RenderedThumbnails.Image[] {thumbnails.small(), thumbnails.large()}) {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumbnail.bytes()));
            assertThat(decoded.getWidth()).isEqualTo(thumbnail.width());
            assertThat(decoded.getHeight()).isEqualTo(thumbnail.height());
            assertThat(colourAt(decoded, decoded.getWidth() / 2, decoded.getHeight() / 4))
                    .as("top is red")
                    .isEqualTo(Color.RED);
            assertThat(colourAt(decoded, decoded.getWidth() / 2, decoded.getHeight() * 3 / 4))
                    .as("bottom is blue")
                    .isEqualTo(Color.BLUE);
            assertThat(colourAt(decoded, 2, 2)).as("top-left corner").isEqualTo(Color.RED);
            assertThat(colourAt(decoded, decoded.getWidth() - 3, decoded.getHeight() - 3))
                    .as("bottom-right corner")
                    .isEqualTo(Color.BLUE);

            ImageMetadata metadata = Imaging.getMetadata(thumbnail.bytes());
            assertThat(metadata == null || ((JpegImageMetadata) metadata).getExif() == null)
                    .as("no EXIF segment in the thumbnail")
                    .isTrue();
            assertThat(new String(thumbnail.bytes(), StandardCharsets.ISO_8859_1))
                    .doesNotContain("Exif\0\0")
                    .doesNotContain("Staffcam");
        }
    }

    @Test
    void bigPhotoIsDecodedSubsampledNotWhole() throws Exception {
        // 6000 x 4000 (24 MP): decoded whole it would take 72 MB; subsampled by 4 it is decoded as 1500 x 1000
        byte[] photo = jpeg(halves(6000, 4000, Color.RED, Color.BLUE));
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        RenderedThumbnails thumbnails = maker.make(new ByteArrayInputStream(photo), "image/jpeg");

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated while making both thumbnails").isLessThan(60L * 1024 * 1024);
        assertThat(List.of(thumbnails.large().width(), thumbnails.large().height()))
                .containsExactly(1280, 853);
        assertThat(List.of(thumbnails.small().width(), thumbnails.small().height()))
                .containsExactly(320, 213);
        BufferedImage large =
                ImageIO.read(new ByteArrayInputStream(thumbnails.large().bytes()));
        assertThat(colourAt(large, 300, 400)).isEqualTo(Color.RED);
        assertThat(colourAt(large, 1000, 400)).isEqualTo(Color.BLUE);
    }

    @Test
    void transparentPngStaysTransparentAndIsNeverEnlarged() throws Exception {
        BufferedImage logo = new BufferedImage(600, 400, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = logo.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(300, 0, 300, 400); // left half stays fully transparent
        g.dispose();

        RenderedThumbnails thumbnails = maker.make(new ByteArrayInputStream(png(logo)), "image/png");

        assertThat(thumbnails.small().contentType()).isEqualTo("image/png");
        assertThat(thumbnails.large().contentType()).isEqualTo("image/png");
        assertThat(thumbnails.small().width()).isEqualTo(320);
        assertThat(thumbnails.small().height()).isEqualTo(213);
        assertThat(thumbnails.large().width())
                .as("600 px is under the large size: kept")
                .isEqualTo(600);
        assertThat(thumbnails.large().height()).isEqualTo(400);
        BufferedImage small =
                ImageIO.read(new ByteArrayInputStream(thumbnails.small().bytes()));
        assertThat(small.getColorModel().hasAlpha()).isTrue();
        assertThat(small.getRGB(20, 100) >>> 24).as("transparent on the left").isZero();
        assertThat(new Color(small.getRGB(300, 100), true)).isEqualTo(Color.GREEN);
    }

    @Test
    void pdfGetsItsFirstPageAsThumbnail() throws Exception {
        byte[] pdf = pdf(PDRectangle.A4, PDRectangle.LETTER);

        RenderedThumbnails thumbnails = maker.make(new ByteArrayInputStream(pdf), "application/pdf");

        assertThat(thumbnails.small().contentType()).isEqualTo("image/jpeg");
        assertThat(thumbnails.small().height()).isEqualTo(320);
        assertThat(thumbnails.small().width()).isEqualTo(226); // A4 is 595 x 842 points
        assertThat(thumbnails.large().height()).isEqualTo(1280);
        BufferedImage small =
                ImageIO.read(new ByteArrayInputStream(thumbnails.small().bytes()));
        // the first page has a red box in its upper half; the second page (blue) is not rendered
        assertThat(colourAt(small, small.getWidth() / 2, small.getHeight() / 4)).isEqualTo(Color.RED);
        assertThat(colourAt(small, small.getWidth() / 2, small.getHeight() * 3 / 4))
                .isEqualTo(Color.WHITE);
    }

    @Test
    void smallPdfPageIsRenderedAtBoundedResolution() throws Exception {
        byte[] pdf = pdf(new PDRectangle(144, 216)); // 2 x 3 inches

        RenderedThumbnails thumbnails = maker.make(new ByteArrayInputStream(pdf), "application/pdf");

        // 150 dpi at most: 300 x 450, not blown up to 1280 px
        assertThat(thumbnails.large().width()).isEqualTo(300);
        assertThat(thumbnails.large().height()).isEqualTo(450);
        assertThat(thumbnails.small().height()).isEqualTo(320);
    }

    @Test
    void hugePdfPageIsRefused() throws Exception {
        byte[] pdf = pdf(new PDRectangle(14_400 * 2, 100)); // 400 inches wide

        assertThatThrownBy(() -> maker.make(new ByteArrayInputStream(pdf), "application/pdf"))
                .isInstanceOfSatisfying(ThumbnailRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.PAGE_SIZE));
    }

    @Test
    void pixelBombIsRefusedFromItsHeaderWithoutDecoding(@TempDir Path directory) throws Exception {
        // a valid PNG header declaring 100000 x 100000 (10 gigapixels, 40 GB decoded) in a few dozen bytes
        byte[] bomb = pngDeclaring(100_000, 100_000);
        long started = System.nanoTime();

        assertThatThrownBy(() -> maker.make(new ByteArrayInputStream(bomb), "image/png"))
                .isInstanceOfSatisfying(ThumbnailRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PIXEL_BOMB);
                    assertThat(e.getMessage()).contains("100000 x 100000");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        Path file = Files.write(directory.resolve("bomb.png"), bomb);
        assertThatThrownBy(() -> maker.checkDeclaredSize(file))
                .isInstanceOfSatisfying(ThumbnailRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.PIXEL_BOMB));
        Path fine = Files.write(directory.resolve("fine.png"), png(halves(40, 30, Color.RED, Color.BLUE)));
        assertThat(maker.checkDeclaredSize(fine)).isEqualTo(new ThumbnailMaker.ImageSize(40, 30));
    }

    @Test
    void corruptFilesAreRefusedAsUnreadable() throws Exception {
        byte[] garbage = "this is not a photo at all".repeat(20).getBytes(StandardCharsets.UTF_8);
        assertUnreadable(garbage, "image/jpeg");
        assertUnreadable(garbage, "application/pdf");
        assertUnreadable(new byte[0], "image/png");

        // a PNG whose header is fine but whose pixel data is not zlib at all
        byte[] png = png(halves(40, 30, Color.RED, Color.BLUE));
        byte[] broken = png.clone();
        int idat = indexOf(broken, "IDAT".getBytes(StandardCharsets.US_ASCII));
        for (int i = idat + 4; i < idat + 30 && i < broken.length; i++) {
            broken[i] = (byte) 0xAB;
        }
        assertUnreadable(broken, "image/png");

        // a JPEG cut off after its first 100 bytes: headers only
        byte[] jpeg = jpeg(halves(400, 300, Color.RED, Color.BLUE));
        assertUnreadable(java.util.Arrays.copyOf(jpeg, 100), "image/jpeg");
    }

    @Test
    void onlyImagesAndPdfsGetThumbnails() {
        assertThat(ThumbnailMaker.supports("image/jpeg")).isTrue();
        assertThat(ThumbnailMaker.supports("IMAGE/PNG")).isTrue();
        assertThat(ThumbnailMaker.supports("image/webp")).isTrue();
        assertThat(ThumbnailMaker.supports("application/pdf")).isTrue();
        assertThat(ThumbnailMaker.supports("image/svg+xml")).isFalse();
        assertThat(ThumbnailMaker.supports("text/html")).isFalse();
        assertThat(ThumbnailMaker.supports("text/plain")).isFalse();
        assertThat(ThumbnailMaker.supports(null)).isFalse();
        assertThatThrownBy(() -> maker.make(new ByteArrayInputStream(new byte[] {'<'}), "image/svg+xml"))
                .isInstanceOfSatisfying(ThumbnailRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.UNSUPPORTED_TYPE));
    }

    private void assertUnreadable(byte[] bytes, String contentType) {
        assertThatThrownBy(() -> maker.make(new ByteArrayInputStream(bytes), contentType))
                .as(contentType + " of " + bytes.length + " bytes")
                .isInstanceOfSatisfying(ThumbnailRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.UNREADABLE));
    }

    // --- files made here -------------------------------------------------------------------------------------

    static BufferedImage halves(int width, int height, Color left, Color right) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    static byte[] jpeg(BufferedImage image) throws IOException {
        var out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpeg", out)).isTrue();
        return out.toByteArray();
    }

    static byte[] png(BufferedImage image) throws IOException {
        var out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "png", out)).isTrue();
        return out.toByteArray();
    }

    /** {@code jpeg} with an EXIF segment as a phone writes it: orientation, camera make and a GPS position. */
    static byte[] withExif(byte[] jpeg, int orientation) throws Exception {
        TiffOutputSet exif = new TiffOutputSet();
        TiffOutputDirectory root = exif.getOrCreateRootDirectory();
        root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
        root.add(TiffTagConstants.TIFF_TAG_MAKE, "Staffcam");
        exif.setGpsInDegrees(19.0402, 47.4979); // longitude, latitude: a hotel in Budapest
        var out = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
        return out.toByteArray();
    }

    /** A PDF with one page per size: the first has a red box in its upper half, the others a blue one. */
    static byte[] pdf(PDRectangle... pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            boolean first = true;
            for (PDRectangle size : pages) {
                PDPage page = new PDPage(size);
                document.addPage(page);
                try (var content = new PDPageContentStream(document, page)) {
                    content.setNonStrokingColor(first ? Color.RED : Color.BLUE);
                    float w = size.getWidth();
                    float h = size.getHeight();
                    content.addRect(w * 0.1f, h * 0.55f, w * 0.8f, h * 0.4f); // PDF y grows upwards
                    content.fill();
                }
                first = false;
            }
            var out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    /** A PNG signature and IHDR chunk declaring {@code width x height} (8-bit RGB), an empty IDAT and IEND. */
    public static byte[] pngDeclaring(int width, int height) throws IOException {
        var out = new ByteArrayOutputStream();
        var data = new DataOutputStream(out);
        data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        var ihdr = new ByteArrayOutputStream();
        var fields = new DataOutputStream(ihdr);
        fields.writeInt(width);
        fields.writeInt(height);
        fields.write(new byte[] {8, 2, 0, 0, 0}); // bit depth, colour type RGB, compression, filter, interlace
        chunk(data, "IHDR", ihdr.toByteArray());
        chunk(data, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(data, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(body.length);
        out.write(typeBytes);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }

    /** The colour at (x, y), snapped to the nearest of the test's colours (JPEG shifts colours a little). */
    static Color colourAt(BufferedImage image, int x, int y) {
        Color actual = new Color(image.getRGB(x, y));
        Color nearest = null;
        double best = Double.MAX_VALUE;
        for (Color candidate : new Color[] {Color.RED, Color.BLUE, Color.GREEN, Color.WHITE, Color.BLACK}) {
            double distance = Math.pow(actual.getRed() - candidate.getRed(), 2)
                    + Math.pow(actual.getGreen() - candidate.getGreen(), 2)
                    + Math.pow(actual.getBlue() - candidate.getBlue(), 2);
            if (distance < best) {
                best = distance;
                nearest = candidate;
            }
        }
        assertThat(best)
                .as("colour %s at %d,%d is close to %s", actual, x, y, nearest)
                .isLessThan(60 * 60 * 3);
        return nearest;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
