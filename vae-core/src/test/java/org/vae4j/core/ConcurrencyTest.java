package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;

/**
 * Inference from 8 threads at once gives, bit for bit, what sequential calls give: encode,
 * decode, reconstruct, generate, the two samplers and the importance-weighted evaluation. Every
 * thread starts each round at a barrier so the calls really overlap, and each thread works on its
 * own inputs so a result leaking from one call into another would show.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 3;
    private static final INDArray X = ToyData.binaryPrototypes(240, 16, 5, 3);
    private static VaeModel model;

    @BeforeAll
    static void trainASmallModel() {
        ModelConfig mc = ModelConfig.builder(16).hidden(24).latentDim(3).build();
        TrainingConfig tc = TrainingConfig.builder().epochs(2).batchSize(40).learningRate(3e-3).seed(8).build();
        model = Vae.create(mc, tc);
        Vae.train(model, ToyData.iterator(X, 40), null);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Everything one thread computes for input block {@code i}, flattened to float arrays. */
    private static List<float[]> results(int i) {
        INDArray x = X.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i * 30, i * 30 + 30),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        List<float[]> r = new ArrayList<>();
        Encoding e = model.encode(x);
        r.add(e.mean().ravel().toFloatVector());
        r.add(e.logVariance().ravel().toFloatVector());
        r.add(model.decode(e.mean()).ravel().toFloatVector());
        r.add(model.reconstruct(x).ravel().toFloatVector());
        r.add(model.generate(5 + i, 100 + i).ravel().toFloatVector());
        r.add(model.sampleLatent(x, 7 + i).ravel().toFloatVector());
        r.add(model.decodeSample(e.mean(), 11 + i).ravel().toFloatVector());
        // K = 40 in chunks of 16: several graph calls per batch, interleaved with other threads' calls
        EvaluationResult ev = model.evaluate(ToyData.iterator(x, 10),
                EvaluationOptions.importanceWeighted(40).withSeed(5 + i).withPerExample(true).withMaxChunkElements(16 * 10 * 16));
        r.add(new float[] {(float) ev.elbo(), (float) ev.kl(), (float) ev.reconstruction(),
            ev.logLikelihood().floatValue()});
        r.add(toFloats(ev.perExampleLogLikelihood()));
        r.add(toFloats(ev.perExampleElbo()));
        return r;
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int k = 0; k < d.length; k++) {
            f[k] = (float) d[k];
        }
        return f;
    }

    @Test
    void inferenceFromEightThreadsMatchesSequentialCallsBitForBit() throws Exception {
        List<List<float[]>> expected = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            expected.add(results(i));
        }
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<List<float[]>>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<List<float[]>> seen = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        barrier.await(60, TimeUnit.SECONDS);
                        // each thread takes a different block each round, so neighbours differ
                        seen.add(results((thread + round) % THREADS));
                    }
                    return seen;
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                List<List<float[]>> seen = futures.get(t).get(5, TimeUnit.MINUTES);
                for (int round = 0; round < ROUNDS; round++) {
                    List<float[]> want = expected.get((t + round) % THREADS);
                    List<float[]> got = seen.get(round);
                    assertEquals(want.size(), got.size());
                    for (int k = 0; k < want.size(); k++) {
                        assertArrayEquals(want.get(k), got.get(k),
                                "thread " + t + ", round " + round + ", output " + k + " differs from the sequential call");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }
}
