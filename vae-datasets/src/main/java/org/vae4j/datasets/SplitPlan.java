package org.vae4j.datasets;

import java.util.SplittableRandom;

/**
 * Which rows of a file of {@code total} rows go to which split, decided row by row in file order
 * by selection sampling (Knuth's Algorithm S): exactly {@code testCount} test rows and
 * {@code validationCount} validation rows, uniformly at random given the seeds, without holding
 * anything in memory. The same plan gives the same assignment on every pass, in memory or
 * streaming.
 */
record SplitPlan(long total, long testCount, long testSeed, long validationCount, long validationSeed) {

    SplitPlan {
        if (testCount < 0 || validationCount < 0 || testCount + validationCount >= total) {
            throw new DatasetException("cannot hold out " + validationCount + " validation and " + testCount
                    + " test rows of " + total + ": at least one training row must remain; lower the"
                    + " validation fraction");
        }
    }

    long trainCount() {
        return total - testCount - validationCount;
    }

    long count(Split split) {
        return switch (split) {
            case TRAIN -> trainCount();
            case VALIDATION -> validationCount;
            case TEST -> testCount;
        };
    }

    /** @return a fresh assigner for one pass over the rows */
    Assigner assigner() {
        return new Assigner();
    }

    /** @return the split of every row, in file order */
    Split[] assignAll() {
        Split[] out = new Split[Math.toIntExact(total)];
        Assigner a = assigner();
        for (int i = 0; i < out.length; i++) {
            out[i] = a.next();
        }
        return out;
    }

    /** @return the ids of the rows in one split, in file order */
    static int[] idsOf(Split[] assignment, Split split) {
        int n = 0;
        for (Split s : assignment) {
            if (s == split) {
                n++;
            }
        }
        int[] ids = new int[n];
        int k = 0;
        for (int i = 0; i < assignment.length; i++) {
            if (assignment[i] == split) {
                ids[k++] = i;
            }
        }
        return ids;
    }

    /** Assigns the rows of one pass, in file order. */
    final class Assigner {
        private final SplittableRandom testRng = new SplittableRandom(testSeed);
        private final SplittableRandom validationRng = new SplittableRandom(validationSeed);
        private long seen;
        private long tests;
        private long nonTestSeen;
        private long validations;

        Split next() {
            if (seen >= total) {
                throw new IllegalStateException("more rows than the " + total + " counted; did the file change?");
            }
            long remaining = total - seen++;
            if (testRng.nextDouble() * remaining < testCount - tests) {
                tests++;
                return Split.TEST;
            }
            long nonTestRemaining = (total - testCount) - nonTestSeen++;
            if (validationRng.nextDouble() * nonTestRemaining < validationCount - validations) {
                validations++;
                return Split.VALIDATION;
            }
            return Split.TRAIN;
        }
    }
}
