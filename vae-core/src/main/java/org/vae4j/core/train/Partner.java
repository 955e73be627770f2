package org.vae4j.core.train;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A second thread that waits for work by spinning while a caller has it {@link #open open}, so a
 * hand-off costs a memory write rather than waking a parked thread: on this project's 2-core VM a
 * wake-up across cores cost more than many of the halves it would run (a parked pool thread took
 * ~19 hand-offs per step and lost, session 3), and OpenBLAS's own worker, spinning between products,
 * left a pool thread no core (two-thread halves of the Bernoulli kernel and Adam saved nothing inside
 * the step). While open, the partner runs {@link TwoThreads}' second halves and half of each large
 * product ({@link FusedBlas}); closed, it parks.
 *
 * <p>One caller at a time: {@link #open} returns null when another thread holds the partner (the
 * caller then works as if there were none). The partner thread is a daemon, started on first use.
 */
final class Partner {
    private static final Partner INSTANCE = new Partner();
    /**
     * How long the partner keeps spinning after a hold closes, so the next hold (the update after
     * a step, the next step) finds it awake.
     */
    private static final long LINGER_NANOS = 2_000_000;

    private final AtomicBoolean held = new AtomicBoolean();
    /** The thread holding the partner, null when none does. */
    private volatile Thread holder;
    private final AtomicReference<Job> job = new AtomicReference<>();
    private volatile boolean active;
    private volatile Thread thread;
    /** The holder's work running beside it ({@link #beside}), until joined; only the holder touches this. */
    private Job side;
    /** The second half last handed over by {@link #run}; only the holder touches this. */
    private Job handed;

    private Partner() {
    }

    /** A unit of work handed over: run once, then {@code done} with its failure, if any. */
    private static final class Job {
        final Runnable body;
        volatile boolean done;
        volatile Throwable failure;

        Job(Runnable body) {
            this.body = body;
        }

        /** Runs the body on the calling thread, keeps its failure, then marks the job done. */
        void run() {
            try {
                body.run();
            } catch (Throwable t) {
                failure = t;
            }
            done = true;
        }
    }

    /**
     * Takes the partner for the current thread until {@link Hold#close}; null when the machine
     * has one processor or another thread holds it. Nested calls on the holding thread return a
     * hold that does nothing on close.
     */
    static Hold open() {
        Thread me = Thread.currentThread();
        if (INSTANCE.holder == me) {
            return () -> { };
        }
        if (Runtime.getRuntime().availableProcessors() < 2 || !INSTANCE.held.compareAndSet(false, true)) {
            return null;
        }
        INSTANCE.start();
        INSTANCE.holder = me;
        INSTANCE.active = true;
        LockSupport.unpark(INSTANCE.thread);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {               // a second close must not free another's hold
                INSTANCE.active = false;
                INSTANCE.holder = null;
                INSTANCE.held.set(false);
            }
        };
    }

    /** Something held until closed: the partner, or OpenBLAS on one thread. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private static final Object BLAS_LOCK = new Object();
    private static int blasHolds;
    private static int blasThreadsBefore;

    /**
     * Sets OpenBLAS to one thread until the returned hold is closed, for work that splits its
     * products over the partner itself (OpenBLAS's own worker would otherwise spin on the core the
     * partner needs). Holds nest across threads: the thread count is put back when the last closes.
     */
    static Hold oneThreadBlas() {
        synchronized (BLAS_LOCK) {
            if (blasHolds++ == 0) {
                blasThreadsBefore = Nd4j.factory().blas().getMaxThreads();
                Nd4j.factory().blas().setMaxThreads(1);
            }
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                synchronized (BLAS_LOCK) {
                    if (--blasHolds == 0) {
                        Nd4j.factory().blas().setMaxThreads(blasThreadsBefore);
                    }
                }
            }
        };
    }

    /** Whether a {@link #oneThreadBlas} hold is open. */
    static boolean blasOnOneThread() {
        synchronized (BLAS_LOCK) {
            return blasHolds > 0;
        }
    }

    /** The partner the current thread holds, or null. */
    static Partner current() {
        return INSTANCE.holder == Thread.currentThread() ? INSTANCE : null;
    }

    /**
     * Runs {@code first} here and {@code second} on the partner, returning when both are done; a
     * failure of either is thrown (the other's added as suppressed) only after both have finished.
     * A call from inside {@code first}, or while work runs {@link #beside}, runs both halves here.
     * When {@code first} is done and the partner has not taken {@code second} yet (its thread was
     * not running: another process, the JIT compiler or the hypervisor had its core), this thread
     * takes it back and runs it, or, if {@code first} failed, drops it, rather than spin until
     * that thread runs again (with a CPU-bound process beside training, batch-512 epochs took
     * 6.8–8.3 s waiting and 5.8–6.7 s taking back).
     */
    void run(Runnable first, Runnable second) {
        if (busy()) {
            // busy with work beside, or with the second half of a run this one is nested in
            // (called from its first half): both halves here
            first.run();
            second.run();
            return;
        }
        Job j = new Job(second);
        handed = j;
        job.set(j);
        Throwable failure = null;
        try {
            first.run();
        } catch (Throwable t) {
            failure = t;
        }
        if (job.compareAndSet(j, null)) {                       // not taken: run it here
            if (failure == null) {
                j.run();
            } else {
                j.done = true;                                    // dropped
            }
        }
        await(j);
        if (j.failure != null) {
            if (failure == null) {
                failure = j.failure;
            } else {
                failure.addSuppressed(j.failure);
            }
        }
        rethrow(failure);
    }

    /**
     * Whether this partner is running work for its holder (a second half, or work {@link #beside}
     * it), so that a {@link #run} now would run both halves on the holder. Only the holder calls this.
     */
    boolean busy() {
        return (side != null && !side.done) || (handed != null && !handed.done);
    }

    /**
     * Starts {@code body} on the partner and returns at once, for work the holder does not need
     * until later (the trainer's next minibatch, during the part of a step that has no halves to
     * give away). Until {@link Beside#join} the holder's {@link #run} calls run both halves on
     * the holder's thread. Only the holder calls this, one body at a time.
     */
    Beside beside(Runnable body) {
        if (side != null || (handed != null && !handed.done)) {
            throw new IllegalStateException("the partner is already running work beside this thread, or half of a run");
        }
        Job j = new Job(body);
        side = j;
        job.set(j);
        return () -> {
            await(j);
            if (side == j) {
                side = null;
                rethrow(j.failure);
            }
        };
    }

    /** Work running beside the holder: {@link #join} waits for it and throws its failure, once. */
    interface Beside {
        void join();
    }

    private static void await(Job j) {
        while (!j.done) {
            Thread.onSpinWait();
        }
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private synchronized void start() {
        if (thread == null) {
            Thread t = new Thread(this::loop, "vae4j-partner");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /** Tests only: while true, the partner takes no work, as when its thread is not running. */
    static volatile boolean idleForTests;

    private void loop() {
        long idleSince = System.nanoTime();
        while (true) {
            Job j = idleForTests ? null : job.getAndSet(null);
            if (j != null) {
                j.run();
                idleSince = System.nanoTime();
            } else if (active) {
                Thread.onSpinWait();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < LINGER_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
                idleSince = System.nanoTime();
            }
        }
    }
}
