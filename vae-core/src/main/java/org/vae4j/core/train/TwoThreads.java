package org.vae4j.core.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Two halves of a loop at once: the caller runs the first, and the {@link Partner} thread the
 * second when the caller holds it or can take it. Otherwise the common pool runs the second. Whichever
 * thread gets to the second half first claims it, so the caller never waits on a pool that is busy
 * with other work: if no pool thread has started the second half by the time the first is done,
 * the caller runs it too (the pool's task then finds it claimed and returns; JDK 17's join would
 * also take back a task no worker has started, but that is not in its contract). When the first half
 * throws, the second is not started (or, if running, waited for) before the exception propagates,
 * so nothing still writes to the caller's arrays afterwards.
 */
final class TwoThreads {
    private TwoThreads() {
    }

    /** first.run() and second.run(), on two threads when {@code parallel} and the machine has two processors. */
    static void run(boolean parallel, Runnable first, Runnable second) {
        if (!parallel || Runtime.getRuntime().availableProcessors() < 2) {
            first.run();
            second.run();
            return;
        }
        try (Partner.Hold hold = Partner.open()) {                 // also when this thread holds it already
            if (hold != null) {
                Partner.current().run(first, second);
                return;
            }
        }
        AtomicBoolean claimed = new AtomicBoolean();
        ForkJoinTask<?> task = ForkJoinPool.commonPool().submit(() -> {
            if (claimed.compareAndSet(false, true)) {
                second.run();
            }
        });
        RuntimeException failure = null;
        try {
            first.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (claimed.compareAndSet(false, true)) {
            if (failure == null) {
                second.run();
            }
        } else {
            try {
                task.join();                                  // running on the pool: wait for it
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;                                    // after the second half is done or cancelled
        }
    }
}
