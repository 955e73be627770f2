package org.vae4j.datasets.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastNumbersTest {

    @Test
    void agreesWithParseDoubleOnPlainDecimals() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 50_000; i++) {
            String s = switch (i % 4) {
                case 0 -> Double.toString(rng.nextGaussian() * Math.pow(10, rng.nextInt(12) - 6));
                case 1 -> String.format(Locale.ROOT, "%." + rng.nextInt(10) + "f", rng.nextDouble() * 1000 - 500);
                case 2 -> Long.toString(rng.nextLong(-1_000_000_000L, 1_000_000_000L));
                default -> "0." + Long.toString(rng.nextLong(0, 1L << 50));
            };
            double fast = FastNumbers.parse(" " + s + " ", 0, s.length() + 2);
            if (!Double.isNaN(fast)) {
                assertEquals(Double.parseDouble(s), fast, s);
            } else {
                long digits = s.chars().filter(Character::isDigit).count();
                assertTrue(s.contains("E") || digits >= 16, "fell back on " + s); // mantissa beyond 2^53
            }
        }
    }

    @Test
    void leavesEverythingElseToParseDouble() {
        for (String s : new String[] {"", " ", "-", ".", "1e5", "0x10", "1.2.3", "NaN", "Infinity", "1f", "--1",
            "12345678901234567890"}) {
            assertTrue(Double.isNaN(FastNumbers.parse(s, 0, s.length())), s);
        }
        assertEquals(-0.0, FastNumbers.parse("-0", 0, 2));
        assertEquals(0.5, FastNumbers.parse("+.5", 0, 3));
        assertEquals(3.0, FastNumbers.parse("3.", 0, 2));
    }
}
