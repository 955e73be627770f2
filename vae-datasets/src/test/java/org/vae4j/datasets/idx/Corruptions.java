package org.vae4j.datasets.idx;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Random damage to a file's bytes, as disks, networks and half-finished copies do it. */
final class Corruptions {
    private Corruptions() {
    }

    /** A damaged copy of {@code valid} and what was done to it. */
    record Mutant(byte[] bytes, String what) {
    }

    static Mutant mutate(byte[] valid, SplittableRandom r) {
        byte[] b = valid.clone();
        int n = b.length;
        switch (r.nextInt(7)) {
            case 0 -> {
                int flips = 1 + r.nextInt(8);
                StringBuilder at = new StringBuilder();
                for (int i = 0; i < flips; i++) {
                    int pos = r.nextInt(n);
                    b[pos] ^= (byte) (1 << r.nextInt(8));
                    at.append(i == 0 ? "" : ",").append(pos);
                }
                return new Mutant(b, flips + " bit flips at " + at);
            }
            case 1 -> {
                int pos = r.nextInt(n);
                int len = Math.min(n - pos, 1 + r.nextInt(32));
                for (int i = 0; i < len; i++) {
                    b[pos + i] = (byte) r.nextInt(256);
                }
                return new Mutant(b, len + " random bytes at " + pos);
            }
            case 2 -> {
                int len = r.nextInt(n);
                return new Mutant(Arrays.copyOf(b, len), "truncated to " + len + " of " + n + " bytes");
            }
            case 3 -> {
                int pos = r.nextInt(n);
                int len = 1 + r.nextInt(64);
                byte[] junk = new byte[len];
                for (int i = 0; i < len; i++) {
                    junk[i] = (byte) r.nextInt(256);
                }
                return new Mutant(splice(b, pos, 0, junk), len + " random bytes inserted at " + pos);
            }
            case 4 -> {
                int pos = r.nextInt(n);
                int len = Math.min(n - pos, 1 + r.nextInt(64));
                return new Mutant(splice(b, pos, len, new byte[0]), len + " bytes deleted at " + pos);
            }
            case 5 -> {
                int pos = r.nextInt(n);
                int len = Math.min(n - pos, 1 + r.nextInt(4));
                byte v = r.nextBoolean() ? (byte) 0xFF : 0;
                for (int i = 0; i < len; i++) {
                    b[pos + i] = v;
                }
                return new Mutant(b, len + " bytes set to " + (v & 0xFF) + " at " + pos);
            }
            default -> {
                int len = 1 + r.nextInt(256);
                byte[] junk = new byte[len];
                for (int i = 0; i < len; i++) {
                    junk[i] = (byte) r.nextInt(256);
                }
                return new Mutant(splice(b, n, 0, junk), len + " random bytes appended");
            }
        }
    }

    private static byte[] splice(byte[] b, int pos, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, pos);
        System.arraycopy(insert, 0, out, pos, insert.length);
        System.arraycopy(b, pos + remove, out, pos + insert.length, b.length - pos - remove);
        return out;
    }
}
