package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class PartnerTest {

    @Test
    void theSecondHalfRunsOnTheOtherThreadAndBothFinishBeforeRunReturns() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        try (Partner.Hold hold = Partner.open()) {
            assertNotNull(hold);
            Partner p = Partner.current();
            assertNotNull(p);
            for (int i = 0; i < 1000; i++) {
                AtomicReference<Thread> second = new AtomicReference<>();
                int[] done = new int[2];
                // the first half waits for the second to start: one done before the partner
                // takes the second would take it back
                p.run(() -> {
                    awaitSet(second);
                    done[0]++;
                }, () -> {
                    second.set(Thread.currentThread());
                    done[1]++;
                });
                assertEquals(1, done[0]);
                assertEquals(1, done[1], "the second half is done when run returns (step " + i + ")");
                assertNotEquals(Thread.currentThread(), second.get());
            }
        }
        assertNull(Partner.current(), "closed");
    }

    @Test
    void oneHolderAtATimeAndNestedOpensOnTheHolderAreHarmless() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        try (Partner.Hold hold = Partner.open()) {
            assertNotNull(hold);
            try (Partner.Hold nested = Partner.open()) {
                assertNotNull(nested);
            }
            assertNotNull(Partner.current(), "a nested close leaves the outer hold");
            assertNull(CompletableFuture.supplyAsync(Partner::open).get(), "held by this thread");
        }
        Partner.Hold mine = Partner.open();
        mine.close();
        Partner.Hold other = CompletableFuture.supplyAsync(Partner::open).get();
        assertNotNull(other, "free again once closed");
        mine.close();                                                     // a second close of an old hold
        assertNull(Partner.open(), "still held by the other thread");
        other.close();
    }

    @Test
    void aFailureInEitherHalfIsThrownOnlyAfterBothHaveFinished() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        try (Partner.Hold hold = Partner.open()) {
            Partner p = Partner.current();
            AtomicBoolean secondFinished = new AtomicBoolean();
            AtomicReference<Thread> secondStarted = new AtomicReference<>();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.run(() -> {
                awaitSet(secondStarted);
                throw new IllegalStateException("first");
            }, () -> {
                secondStarted.set(Thread.currentThread());
                sleep(50);
                secondFinished.set(true);
            }));
            assertEquals("first", e.getMessage());
            assertTrue(secondFinished.get(), "the second half was still running when the failure was thrown");
            IllegalArgumentException second = assertThrows(IllegalArgumentException.class,
                    () -> p.run(() -> { }, () -> {
                        throw new IllegalArgumentException("second");
                    }));
            assertEquals("second", second.getMessage());
            AtomicReference<Thread> bStarted = new AtomicReference<>();
            IllegalStateException both = assertThrows(IllegalStateException.class, () -> p.run(() -> {
                awaitSet(bStarted);
                throw new IllegalStateException("a");
            }, () -> {
                bStarted.set(Thread.currentThread());
                throw new IllegalStateException("b");
            }));
            assertEquals("b", both.getSuppressed()[0].getMessage());
            int[] after = new int[1];
            p.run(() -> after[0]++, () -> after[0]++);                 // still usable
            assertEquals(2, after[0]);
        }
    }

    @Test
    void workBesideRunsOnThePartnerWhileHalvesRunHereUntilItIsJoined() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        try (Partner.Hold hold = Partner.open()) {
            Partner p = Partner.current();
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Thread> besideThread = new AtomicReference<>();
            Partner.Beside b = p.beside(() -> {
                besideThread.set(Thread.currentThread());
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicReference<Thread> second = new AtomicReference<>();
            p.run(() -> { }, () -> second.set(Thread.currentThread()));
            assertSame(Thread.currentThread(), second.get(), "the partner is busy beside: both halves run here");
            assertThrows(IllegalStateException.class, () -> p.beside(() -> { }), "one body at a time");
            release.countDown();
            b.join();
            assertEquals("vae4j-partner", besideThread.get().getName());
            second.set(null);
            p.run(() -> awaitSet(second), () -> second.set(Thread.currentThread()));
            assertEquals("vae4j-partner", second.get().getName(), "joined: halves go to the partner again");

            Partner.Beside failing = p.beside(() -> {
                throw new IllegalArgumentException("beside");
            });
            assertEquals("beside", assertThrows(IllegalArgumentException.class, failing::join).getMessage());
            failing.join();                                               // thrown once
            int[] after = new int[1];
            p.beside(() -> after[0]++).join();                           // still usable
            assertEquals(1, after[0]);
        }
    }

    @Test
    void aRunInsideTheFirstHalfOfAnotherRunsHereAndNothingIsLost() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Partner.Hold hold = Partner.open()) {
                Partner p = Partner.current();
                for (int i = 0; i < 2000; i++) {
                    int[] done = new int[3];
                    AtomicBoolean innerDone = new AtomicBoolean();
                    AtomicReference<Thread> inner = new AtomicReference<>();
                    // the outer second half waits for the inner run: handing the inner second half
                    // to the partner would never finish
                    p.run(() -> {
                        p.run(() -> done[0]++, () -> {
                            inner.set(Thread.currentThread());
                            done[1]++;
                        });
                        innerDone.set(true);
                    }, () -> {
                        while (!innerDone.get()) {
                            Thread.onSpinWait();
                        }
                        done[2]++;
                    });
                    assertArrayEquals(new int[] {1, 1, 1}, done, "every half ran once (" + i + ")");
                    assertSame(Thread.currentThread(), inner.get(), "the nested second half ran here");
                }
                AtomicBoolean checked = new AtomicBoolean();
                p.run(() -> {
                    assertThrows(IllegalStateException.class, () -> p.beside(() -> { }), "beside inside a run");
                    checked.set(true);
                }, () -> {
                    while (!checked.get()) {
                        Thread.onSpinWait();
                    }
                });
            }
        });
    }

    @Test
    void oneThreadBlasHoldsNestAndPutTheThreadCountBack() {
        int before = Nd4j.factory().blas().getMaxThreads();
        Partner.Hold a = Partner.oneThreadBlas();
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        Partner.Hold b = Partner.oneThreadBlas();
        a.close();
        assertEquals(1, Nd4j.factory().blas().getMaxThreads(), "b still holds");
        a.close();                                                        // closing twice counts once
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        b.close();
        assertEquals(before, Nd4j.factory().blas().getMaxThreads());
    }

    @Test
    void twoThreadsUsesThePartnerWhenItIsFree() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        AtomicReference<String> second = new AtomicReference<>();
        TwoThreads.run(true, () -> awaitSet(second), () -> second.set(Thread.currentThread().getName()));
        assertEquals("vae4j-partner", second.get());
        assertSame(null, Partner.current(), "TwoThreads released the partner");
    }

    @Test
    void aSecondHalfThePartnerHasNotTakenRunsHereOrIsDroppedWhenTheFirstFailed() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Partner.Hold hold = Partner.open()) {
                Partner p = Partner.current();
                Partner.idleForTests = true;                             // as if its thread were not running
                try {
                    AtomicReference<Thread> second = new AtomicReference<>();
                    int[] done = new int[2];
                    p.run(() -> done[0]++, () -> {
                        second.set(Thread.currentThread());
                        done[1]++;
                    });
                    assertArrayEquals(new int[] {1, 1}, done);
                    assertSame(Thread.currentThread(), second.get(), "taken back and run here");
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> p.run(() -> { }, () -> {
                                throw new IllegalArgumentException("second, run here");
                            }));
                    assertEquals("second, run here", e.getMessage());
                    AtomicBoolean ran = new AtomicBoolean();
                    assertThrows(IllegalStateException.class, () -> p.run(() -> {
                        throw new IllegalStateException("first");
                    }, () -> ran.set(true)));
                    assertFalse(ran.get(), "the first half failed: the second is dropped, not started");
                } finally {
                    Partner.idleForTests = false;
                }
                AtomicReference<Thread> second = new AtomicReference<>();
                p.run(() -> awaitSet(second), () -> second.set(Thread.currentThread()));
                assertEquals("vae4j-partner", second.get().getName(), "the partner takes work again");
            }
        });
    }

    @Test
    void busyWhileItRunsASecondHalfOrWorkBesideAndNotOtherwise() {
        // FusedBlas computes a large product whole, rather than split, while busy() is true
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2);
        try (Partner.Hold hold = Partner.open()) {
            Partner p = Partner.current();
            assertFalse(p.busy(), "nothing handed over yet");
            AtomicBoolean busyInFirst = new AtomicBoolean();
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Thread> second = new AtomicReference<>();
            p.run(() -> {
                awaitSet(second);                                   // the partner is running the second half
                busyInFirst.set(p.busy());
                release.countDown();
            }, () -> {
                second.set(Thread.currentThread());
                awaitQuietly(release);
            });
            assertTrue(busyInFirst.get(), "busy while the partner runs the second half");
            assertFalse(p.busy(), "not once run has returned");
            CountDownLatch go = new CountDownLatch(1);
            Partner.Beside beside = p.beside(() -> awaitQuietly(go));
            boolean busyBeside;
            try {
                busyBeside = p.busy();
            } finally {
                go.countDown();                                     // never leave the partner waiting
                beside.join();
            }
            assertTrue(busyBeside, "busy while work beside runs");
            assertFalse(p.busy(), "not once the work beside is joined");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (up to 10 s) until {@code ref} is set: a first half that lets the partner take the second. */
    private static void awaitSet(AtomicReference<?> ref) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ref.get() == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
