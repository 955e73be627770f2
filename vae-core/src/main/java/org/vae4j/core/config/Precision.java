package org.vae4j.core.config;

import org.nd4j.linalg.api.buffer.DataType;

/** Floating-point precision of the graph: FLOAT for training, DOUBLE for gradient checks. */
public enum Precision {
    FLOAT(DataType.FLOAT),
    DOUBLE(DataType.DOUBLE);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }
}
