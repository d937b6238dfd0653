package com.staffchat.attachment.upload;

import java.text.Normalizer;

/**
 * A client's file name made harmless metadata: the last path segment only (no {@code ../}, no directories of
 * either slash), no control, format or bidi-override characters (no CRLF to split a header, no right-to-left
 * override to disguise an extension), NFC-normalised, at most {@value #MAX_CODE_POINTS} code points with the
 * extension kept. The name is never part of an object key; it goes only into the row and the download's
 * {@code Content-Disposition}.
 */
final class FileNames {

    static final int MAX_CODE_POINTS = 255;
    static final String FALLBACK = "file";

    private FileNames() {}

    static String sanitise(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        String name = raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        StringBuilder clean = new StringBuilder(Math.min(name.length(), 1024));
        name.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean invisible = type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.UNASSIGNED
                    || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            if (!invisible) {
                clean.appendCodePoint(c);
            }
        });
        name = Normalizer.normalize(clean.toString(), Normalizer.Form.NFC).strip();
        // "." and ".." are path steps, not names; leading dots would make hidden files on save
        name = name.replaceFirst("^\\.+", "");
        if (name.isBlank()) {
            return FALLBACK;
        }
        return truncate(name);
    }

    /** Keeps the extension (up to 16 code points) and cuts the stem. */
    private static String truncate(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_CODE_POINTS) {
            return name;
        }
        String extension = extension(name);
        if (extension.codePointCount(0, extension.length()) > 16) {
            extension = "";
        }
        int keep = MAX_CODE_POINTS - extension.codePointCount(0, extension.length());
        return name.substring(0, name.offsetByCodePoints(0, keep)) + extension;
    }

    /** The extension with its dot ({@code .pdf}), or empty. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }
}
