package dev.herald.store.jdbc.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** The lines of an input stream as UTF-8 bytes, without their terminators ({@code \n} or {@code \r\n}). */
final class JsonLines {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int end;
    private byte[] line = new byte[1024];
    private int length;

    JsonLines(InputStream in) {
        this.in = in;
    }

    /** Reads the next line into {@link #line}/{@link #length}; false at the end of the input. */
    boolean next() {
        length = 0;
        boolean any = false;
        try {
            while (true) {
                if (pos == end) {
                    end = in.read(buffer);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        return any;
                    }
                }
                any = true;
                int start = pos;
                while (pos < end && buffer[pos] != '\n') {
                    pos++;
                }
                append(start, pos);
                if (pos < end) {
                    pos++; // the newline
                    if (length > 0 && line[length - 1] == '\r') {
                        length--;
                    }
                    return true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The input could not be read: " + e.getMessage(), e);
        }
    }

    /** The bytes of the line read last (valid up to {@link #length()}). */
    byte[] line() {
        return line;
    }

    int length() {
        return length;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(buffer, from, line, length, n);
        length += n;
    }
}
