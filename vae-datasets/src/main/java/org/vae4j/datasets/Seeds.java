package org.vae4j.datasets;

/** Derives independent seeds from a base seed and indices (epoch, example), so order does not matter. */
final class Seeds {
    /** Seed for binarizing the validation split once. */
    static final long VALIDATION_BINARIZATION = 0x5EED_0A11_DA7EL;
    /** Seed for binarizing the test split once. */
    static final long TEST_BINARIZATION = 0x5EED_7E57_0001L;
    /** Seed for carving a test split out of a set without one (mnist-10k); fixed so the test set never moves. */
    static final long CARVED_TEST_SPLIT = 0x5EED_7E57_5E7L;

    private Seeds() {
    }

    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = fmix(h ^ fmix(p + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** MurmurHash3's 64-bit finalizer. */
    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }
}
