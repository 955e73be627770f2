package org.vae4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** q(z|x) for a batch: the mean μ and log-variance log σ², each [M, J]. */
public record Encoding(INDArray mean, INDArray logVariance) {
}
