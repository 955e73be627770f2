package org.vae4j.core.graph;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded weight initialization in Java, so the same seed gives the same weights on any backend. */
final class Init {
    private final SplittableRandom random;
    private final DataType dataType;

    Init(long seed, DataType dataType) {
        this.random = new SplittableRandom(seed);
        this.dataType = dataType;
    }

    /** Xavier (Glorot) uniform: U(−a, a), a = √(6 / (nIn + nOut)). */
    INDArray xavier(int nIn, int nOut) {
        double a = Math.sqrt(6.0 / (nIn + nOut));
        double[] w = new double[nIn * nOut];
        for (int i = 0; i < w.length; i++) {
            w[i] = (2 * random.nextDouble() - 1) * a;
        }
        return Nd4j.create(w, new long[] {nIn, nOut}, DataType.DOUBLE).castTo(dataType);
    }

    INDArray zeros(long... shape) {
        return Nd4j.zeros(dataType, shape);
    }

    DataType dataType() {
        return dataType;
    }
}
