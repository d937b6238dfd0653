package com.staffchat.attachment.download;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} with the file name as RFC 6266 wants it: a plain ASCII
 * {@code filename} for old clients (every character outside printable ASCII, and {@code "} and {@code \},
 * replaced by {@code _}) and the exact name as {@code filename*=UTF-8''...} (RFC 5987 percent-encoding).
 */
final class ContentDispositions {

    private ContentDispositions() {}

    static String attachment(String fileName) {
        return "attachment; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + encode(fileName);
    }

    static String asciiFallback(String fileName) {
        StringBuilder out = new StringBuilder(fileName.length());
        fileName.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        return out.toString();
    }

    /** RFC 5987 {@code value-chars}: attr-chars as they are, every other byte of the UTF-8 form as {@code %XX}. */
    static String encode(String fileName) {
        StringBuilder out = new StringBuilder();
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isAttrChar(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
}
