package com.staffchat.attachment.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cuts a file's streamed bytes into parts of {@code partSize} for S3, holding at most one part (plus the buffer
 * being read) in memory, hashing every byte (SHA-256) on the way, and failing with 413 as soon as the byte after
 * {@code maxSize} arrives, so a file over the limit is refused before the rest of it is read. A full part is
 * passed on only once a further byte shows it is not the last, so the last chunk is always marked: a file that
 * fits one part is stored with a single put.
 */
final class Chunks {

    /** {@code length} bytes of {@code bytes} (handed over, never reused), the file's {@code index}-th part. */
    record Chunk(byte[] bytes, int length, int index, boolean last, long total, String sha256) {}

    private final int partSize;
    private final long maxSize;
    private final String fileName;
    private final MessageDigest digest;
    private byte[] buffer;
    private int filled;
    private int index;
    private long total;

    private Chunks(int partSize, long maxSize, String fileName) {
        this.partSize = partSize;
        this.maxSize = maxSize;
        this.fileName = fileName;
        this.digest = sha256();
        this.buffer = new byte[Math.min(partSize, 64 * 1024)];
    }

    static Flux<Chunk> of(Flux<DataBuffer> content, int partSize, long maxSize, String fileName) {
        return Flux.defer(() -> {
            Chunks chunks = new Chunks(partSize, maxSize, fileName);
            return content.concatMapIterable(chunks::add).concatWith(Mono.fromCallable(chunks::finish));
        });
    }

    private List<Chunk> add(DataBuffer data) {
        try {
            int readable = data.readableByteCount();
            total += readable;
            if (total > maxSize) {
                throw new ResponseStatusException(
                        HttpStatus.CONTENT_TOO_LARGE,
                        fileName + ": larger than the limit of " + maxSize + " bytes a file");
            }
            List<Chunk> full = new ArrayList<>(1);
            while (readable > 0) {
                if (filled == partSize) {
                    full.add(take(false));
                }
                ensureRoom(readable);
                int n = Math.min(readable, buffer.length - filled);
                data.read(buffer, filled, n);
                digest.update(buffer, filled, n);
                filled += n;
                readable -= n;
            }
            return full;
        } finally {
            DataBufferUtils.release(data);
        }
    }

    private Chunk finish() {
        return take(true);
    }

    private Chunk take(boolean last) {
        Chunk chunk = new Chunk(
                buffer, filled, index++, last, total, last ? HexFormat.of().formatHex(digest.digest()) : null);
        buffer = new byte[last ? 0 : Math.min(partSize, 64 * 1024)];
        filled = 0;
        return chunk;
    }

    /** Grows the buffer (doubling, up to one part) so small files never cost a whole part of memory. */
    private void ensureRoom(int wanted) {
        if (buffer.length - filled >= wanted || buffer.length == partSize) {
            return;
        }
        int size = buffer.length;
        while (size - filled < wanted && size < partSize) {
            size = (int) Math.min((long) size * 2, partSize);
        }
        buffer = java.util.Arrays.copyOf(buffer, size);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
