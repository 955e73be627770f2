package org.vae4j.datasets;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Java arrays to ND4J arrays the fast way. */
final class NdArrays {
    private NdArrays() {
    }

    /**
     * @return a new float32 [rows, cols] array holding {@code data[0 .. rows*cols)}, row-major. A
     *     bulk NIO copy into an uninitialized array: 4–15× faster here than {@code Nd4j.create(float[], …)},
     *     which dominated the cost of an MNIST epoch.
     */
    static INDArray matrix(float[] data, int rows, int cols) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        out.data().asNioFloat().put(data, 0, rows * cols);
        return out;
    }
}
