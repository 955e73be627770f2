package org.vae4j.core;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A seeded source of standard normal noise ε, drawn in Java so that a seed gives the same
 * numbers on every backend and thread. Not thread-safe: one per training run or call.
 */
public final class NoiseSource {
    private final SplittableRandom random;

    public NoiseSource(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A generator for one (seed, stream) pair, e.g. stream = epoch, so epochs are reproducible on resume. */
    public static NoiseSource forStream(long seed, long stream) {
        return new NoiseSource(new SplittableRandom(seed).split().nextLong() ^ (stream * 0x9E3779B97F4A7C15L));
    }

    /** Fills a new array of the given shape with N(0, 1) draws. */
    public INDArray standardNormal(DataType dataType, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (dataType == DataType.DOUBLE) {
            double[] v = new double[Math.toIntExact(n)];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextGaussian();
            }
            return Nd4j.create(v, shape, DataType.DOUBLE);
        }
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Nd4j.create(v, shape, dataType);
    }

    /** Uniform [0, 1) draws, for Bernoulli sampling. */
    public INDArray uniform(DataType dataType, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dataType);
    }
}
