package org.vae4j.core;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Small synthetic data with structure a VAE can learn: noisy copies of a few binary prototypes. */
final class ToyData {
    private ToyData() {
    }

    static INDArray binaryPrototypes(int n, int d, int prototypes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] protos = new double[prototypes][d];
        for (double[] p : protos) {
            for (int i = 0; i < d; i++) {
                p[i] = r.nextDouble() < 0.5 ? 1 : 0;
            }
        }
        double[] v = new double[n * d];
        for (int e = 0; e < n; e++) {
            double[] p = protos[r.nextInt(prototypes)];
            for (int i = 0; i < d; i++) {
                v[e * d + i] = r.nextDouble() < 0.05 ? 1 - p[i] : p[i];
            }
        }
        return Nd4j.create(v, new long[] {n, d}, DataType.FLOAT);
    }

    static INDArray gaussian(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n * d];
        for (int e = 0; e < n; e++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            for (int i = 0; i < d; i++) {
                v[e * d + i] = Math.sin(i * 0.7) * a + Math.cos(i * 0.3) * b + 0.1 * r.nextGaussian();
            }
        }
        return Nd4j.create(v, new long[] {n, d}, DataType.FLOAT);
    }

    static DataSetIterator iterator(INDArray x, int batch) {
        return new ViewIterator(new DataSet(x, x), batch);
    }
}
