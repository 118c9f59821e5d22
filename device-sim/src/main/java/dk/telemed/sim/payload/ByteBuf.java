package dk.telemed.sim.payload;

import java.util.Arrays;

/**
 * A reusable, growable byte buffer for building ASCII/UTF-8 JSON without intermediate Strings:
 * at tens of thousands of messages per second the encoder is on the publisher's hot path.
 */
final class ByteBuf {

    private static final double[] POW10 = {1, 10, 100, 1000, 10000, 100000, 1000000};

    private byte[] bytes;
    private int size;

    ByteBuf(int capacity) {
        bytes = new byte[capacity];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }

    ByteBuf ch(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /** Appends text that is known to be plain ASCII without characters JSON must escape. */
    ByteBuf raw(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Appends a JSON string literal, escaping as needed and encoding non-ASCII as UTF-8. */
    ByteBuf string(String s) {
        ch('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                ch('\\').ch(c);
            } else if (c < 0x20) {
                raw("\\u00").hex2(c);
            } else if (c < 0x80) {
                ch(c);
            } else {
                int cp = s.codePointAt(i);
                if (Character.isSupplementaryCodePoint(cp)) {
                    i++;
                }
                utf8(cp);
            }
        }
        return ch('"');
    }

    ByteBuf number(long v) {
        if (v < 0) {
            ch('-');
            if (v == Long.MIN_VALUE) {
                return raw("9223372036854775808");
            }
            v = -v;
        }
        if (v < 10) {
            return ch((char) ('0' + v));
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
        return this;
    }

    /** Appends a non-negative number left-padded with zeros to at least {@code width} digits. */
    ByteBuf padded(long v, int width) {
        int digits = 1;
        for (long t = v / 10; t > 0; t /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            ch('0');
        }
        return number(v);
    }

    /** Appends {@code scaled / 10^decimals} with exactly {@code decimals} decimals, e.g. 142,2 → 1.42. */
    ByteBuf fixed(long scaled, int decimals) {
        if (decimals == 0) {
            return number(scaled);
        }
        if (scaled < 0) {
            ch('-');
            scaled = -scaled;
        }
        long unit = (long) POW10[decimals];
        number(scaled / unit).ch('.');
        return padded(scaled % unit, decimals);
    }

    static double pow10(int decimals) {
        return POW10[decimals];
    }

    private void hex2(int v) {
        ch(Character.forDigit((v >> 4) & 0xF, 16)).ch(Character.forDigit(v & 0xF, 16));
    }

    private void utf8(int cp) {
        if (cp < 0x800) {
            ch((char) (0xC0 | (cp >> 6))).ch((char) (0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            ch((char) (0xE0 | (cp >> 12))).ch((char) (0x80 | ((cp >> 6) & 0x3F))).ch((char) (0x80 | (cp & 0x3F)));
        } else {
            ch((char) (0xF0 | (cp >> 18))).ch((char) (0x80 | ((cp >> 12) & 0x3F)))
                    .ch((char) (0x80 | ((cp >> 6) & 0x3F))).ch((char) (0x80 | (cp & 0x3F)));
        }
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
