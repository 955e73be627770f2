package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TwoThreadsTest {

    @Test
    void eachHalfRunsExactlyOnce() {
        for (boolean parallel : new boolean[] {true, false}) {
            for (int i = 0; i < 200; i++) {
                AtomicInteger a = new AtomicInteger();
                AtomicInteger b = new AtomicInteger();
                TwoThreads.run(parallel, a::incrementAndGet, b::incrementAndGet);
                assertEquals(1, a.get());
                assertEquals(1, b.get());
            }
        }
    }

    @Test
    void aBusyCommonPoolDoesNotStallTheCaller() throws InterruptedException {
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch started = new CountDownLatch(workers);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            started.await();
            AtomicInteger done = new AtomicInteger();
            // every pool thread is blocked: the caller must run the second half itself
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> TwoThreads.run(true, done::incrementAndGet, done::incrementAndGet));
            assertEquals(2, done.get());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFailingFirstHalfReturnsOnlyOnceTheSecondIsNotRunning() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> TwoThreads.run(true, () -> {
            sleep(50);                                      // the pool has time to start the second half
            throw new IllegalStateException("first");
        }, () -> {
            started.incrementAndGet();
            sleep(200);
            finished.incrementAndGet();
        }));
        // nothing may still be writing once the exception is out
        assertEquals(started.get(), finished.get());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anExceptionInEitherHalfReachesTheCaller() {
        assertThrows(IllegalStateException.class, () -> TwoThreads.run(true, () -> {
            throw new IllegalStateException("first");
        }, () -> { }));
        for (int i = 0; i < 50; i++) {
            assertThrows(IllegalStateException.class, () -> TwoThreads.run(true, () -> { }, () -> {
                throw new IllegalStateException("second");
            }));
        }
    }
}
