package org.vae4j.datasets.csv;

/**
 * Parses plain decimals ({@code -12.5}, {@code 3}, {@code 0.000125}) without allocating, with the
 * same result as {@link Double#parseDouble}: the mantissa (at most 2^53) and the power of ten (at
 * most 10^22) are both exact doubles, so one division is correctly rounded (Clinger's fast path).
 * Everything else (exponents, long mantissas, words) is left to {@link Double#parseDouble}.
 */
final class FastNumbers {
    /** Returned when the text is not a plain decimal the fast path handles. */
    static final double NOT_FAST = Double.NaN;

    private static final double[] POW10 = new double[23];
    private static final long MAX_EXACT = 1L << 53;

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private FastNumbers() {
    }

    /** @return the value of {@code s[start, end)} (spaces around allowed), or {@link #NOT_FAST} */
    static double parse(String s, int start, int end) {
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        if (start >= end) {
            return NOT_FAST;
        }
        boolean negative = false;
        char first = s.charAt(start);
        if (first == '-' || first == '+') {
            negative = first == '-';
            start++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fraction >= 0) {
                    fraction++;
                }
                if (mantissa > MAX_EXACT) {
                    return NOT_FAST;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return NOT_FAST;
            }
        }
        if (digits == 0 || fraction > 22) {
            return NOT_FAST;
        }
        double v = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
        return negative ? -v : v;
    }
}
