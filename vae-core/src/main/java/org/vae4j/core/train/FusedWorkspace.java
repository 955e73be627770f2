package org.vae4j.core.train;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every intermediate array of one fused step for a minibatch of M examples and L samples
 * (N = L·M decoder rows), allocated once and reused: a training epoch needs two of these, the
 * full batch and the last partial one. Rows are sample-major like the graph's z: row l·M + m
 * of an [N, ·] array is sample l of example m, so sample l's block is a contiguous row range.
 */
final class FusedWorkspace implements AutoCloseable {
    final int m;
    final int l;
    final int n;

    /** Encoder layer outputs h_i [M, n_i] (pre-activation, then h_i, then act'(a_i) in backward). */
    final INDArray[] enc;
    /** ∂loss/∂h_i, then ∂loss/∂a_i. */
    final INDArray[] dEnc;
    /** μ and log σ² [M, J], and their gradients. */
    final INDArray mean;
    final INDArray logVar;
    final INDArray dMean;
    final INDArray dLogVar;
    /** ε (also viewed as [L, M, J]), z and ∂loss/∂z as [N, J]. */
    final INDArray eps;
    final INDArray eps3;
    final INDArray z;
    final INDArray dz;
    /** Decoder layer outputs g_k [N, n_k] and their gradients. */
    final INDArray[] dec;
    final INDArray[] dDec;
    /** The decoder head's [N, D] buffers, and each one's per-sample [M, D] blocks. */
    final INDArray[] out;
    final INDArray[][] outBySample;
    /** Ones as long as an [N, D] array, for the heads' sums as BLAS dots. */
    final INDArray ones;
    /** A contiguous copy of x, used only when the caller's x is not a plain c-order array. */
    final INDArray x;

    private final List<INDArray> owned = new ArrayList<>();

    FusedWorkspace(DataType dt, int m, int l, int inputDim, List<Integer> encHidden, int latentDim,
                   List<Integer> decHidden, int headBuffers) {
        this.m = m;
        this.l = l;
        this.n = l * m;
        this.enc = new INDArray[encHidden.size()];
        this.dEnc = new INDArray[encHidden.size()];
        for (int i = 0; i < enc.length; i++) {
            enc[i] = create(dt, m, encHidden.get(i));
            dEnc[i] = create(dt, m, encHidden.get(i));
        }
        this.mean = create(dt, m, latentDim);
        this.logVar = create(dt, m, latentDim);
        this.dMean = create(dt, m, latentDim);
        this.dLogVar = create(dt, m, latentDim);
        this.eps = create(dt, n, latentDim);
        this.eps3 = eps.reshape('c', l, m, latentDim);
        this.z = create(dt, n, latentDim);
        this.dz = create(dt, n, latentDim);
        this.dec = new INDArray[decHidden.size()];
        this.dDec = new INDArray[decHidden.size()];
        for (int k = 0; k < dec.length; k++) {
            dec[k] = create(dt, n, decHidden.get(k));
            dDec[k] = create(dt, n, decHidden.get(k));
        }
        this.out = new INDArray[headBuffers];
        this.outBySample = new INDArray[headBuffers][];
        for (int b = 0; b < headBuffers; b++) {
            out[b] = create(dt, n, inputDim);
            outBySample[b] = bySample(out[b]);
        }
        this.ones = own(Nd4j.ones(dt, 1, (long) n * inputDim));
        this.x = create(dt, m, inputDim);
    }

    /** The [M, ·] row block of each sample l: rows l·M … l·M + M − 1. */
    private INDArray[] bySample(INDArray a) {
        INDArray[] blocks = new INDArray[l];
        for (int s = 0; s < l; s++) {
            blocks[s] = a.get(NDArrayIndex.interval((long) s * m, (long) (s + 1) * m), NDArrayIndex.all());
        }
        return blocks;
    }

    private INDArray create(DataType dt, long rows, long cols) {
        return own(Nd4j.create(dt, new long[] {rows, cols}, 'c'));
    }

    private INDArray own(INDArray a) {
        owned.add(a);
        return a;
    }

    /** Frees the native memory now rather than at garbage collection. */
    @Override
    public void close() {
        for (INDArray a : owned) {
            if (a.closeable()) {
                a.close();
            }
        }
        owned.clear();
    }
}
