package com.staffchat.attachment.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The type of an upload, decided by its bytes: Apache Tika's magic-number detection (tika-core) on the first
 * bytes, refined by the file name only where the bytes name a container the name specialises (an OOXML or OLE2
 * container named {@code .docx} or {@code .xls}, text named {@code .csv}). The name alone never decides: bytes
 * Tika does not recognise are refused whatever they are called. The result must be on the allowlist, and a
 * file name extension or a declared part type that disagrees with it is refused; each refusal is a 415.
 *
 * <p>HTML and SVG (and XML, scripts, archives, executables) are not on the allowlist, so they are never stored
 * and never served; the allowed types are safe to serve with their own {@code Content-Type}.
 */
final class ContentTypes {

    private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
    private static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();

    /** How many first bytes detection reads: enough for every magic number Tika knows. */
    static final int HEAD_BYTES = Math.max(TYPES.getMinLength(), 64 * 1024);

    /** What may be stored: images, PDF, office documents, plain text and CSV, common audio and video. */
    static final Set<MediaType> ALLOWED = Stream.of(
                    "image/jpeg",
                    "image/png",
                    "image/gif",
                    "image/webp",
                    "image/heic",
                    "image/heif",
                    "application/pdf",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    "application/vnd.oasis.opendocument.text",
                    "application/vnd.oasis.opendocument.spreadsheet",
                    "application/vnd.oasis.opendocument.presentation",
                    "application/msword",
                    "application/vnd.ms-excel",
                    "application/vnd.ms-powerpoint",
                    "text/plain",
                    "text/csv",
                    "video/mp4",
                    "audio/mp4",
                    "audio/mpeg",
                    "video/mpeg",
                    "application/ogg",
                    "audio/ogg",
                    "audio/vorbis",
                    "audio/opus",
                    "video/ogg",
                    "video/webm",
                    "audio/webm",
                    "audio/vnd.wave")
            .map(MediaType::parse)
            .map(REGISTRY::normalize)
            .collect(Collectors.toUnmodifiableSet());

    private ContentTypes() {}

    /**
     * The type of a file whose first bytes are {@code head[0..length)}, named {@code fileName} (sanitised) and
     * declared by the client as {@code declared} (the part's Content-Type, may be null); refused with 415.
     * Blocking (Tika reads a stream): call it off the event loop.
     */
    static String detect(byte[] head, int length, String fileName, String declared) {
        MediaType magic = magic(head, length);
        MediaType byName = byName(fileName);
        if (magic.equals(MediaType.OCTET_STREAM)) {
            throw unsupported(fileName + ": the content is of no type we accept (" + allowedSummary() + ")");
        }
        MediaType detected =
                !byName.equals(MediaType.OCTET_STREAM) && REGISTRY.isSpecializationOf(byName, magic) ? byName : magic;
        if (!ALLOWED.contains(detected)) {
            throw unsupported(fileName + ": " + detected + " files are not accepted (" + allowedSummary() + ")");
        }
        if (!byName.equals(MediaType.OCTET_STREAM) && !compatible(byName, detected)) {
            throw unsupported(fileName + ": the name says " + byName + " but the content is " + detected);
        }
        MediaType claimed = declared(declared);
        if (claimed != null && !compatible(claimed, detected)) {
            throw unsupported(fileName + ": declared as " + claimed + " but the content is " + detected);
        }
        return detected.toString();
    }

    private static MediaType magic(byte[] head, int length) {
        try {
            return TYPES.detect(new ByteArrayInputStream(head, 0, length), new Metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the name alone says (its extension); {@code application/octet-stream} for none we know. */
    private static MediaType byName(String fileName) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        try {
            return TYPES.detect(null, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The declared type, normalised (aliases such as {@code audio/x-wav}); null when it says nothing. */
    private static MediaType declared(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        MediaType type = MediaType.parse(declared);
        if (type == null) {
            throw unsupported("the part's Content-Type '" + declared + "' is not a media type");
        }
        type = REGISTRY.normalize(type.getBaseType());
        // browsers send octet-stream for every type they do not know: that claims nothing
        return type.equals(MediaType.OCTET_STREAM) ? null : type;
    }

    /** The same type, or one a specialisation of the other (docx of OOXML, csv of text, m4a audio of mp4). */
    private static boolean compatible(MediaType a, MediaType b) {
        return a.equals(b) || REGISTRY.isSpecializationOf(a, b) || REGISTRY.isSpecializationOf(b, a);
    }

    private static String allowedSummary() {
        return "images, PDF, office documents, plain text, CSV, common audio and video";
    }

    private static ResponseStatusException unsupported(String reason) {
        return new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, reason);
    }
}
