package org.vae4j.datasets;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Some examples of a split, preprocessed: features of shape [n, inputDim] (float32) and their
 * integer labels where the dataset has labels (for plots: colouring a latent space, captions).
 *
 * @param features [n, inputDim], float32
 * @param labels n class indexes, or empty for an unlabelled dataset
 */
public record Examples(INDArray features, Optional<int[]> labels) {

    /** @return the number of examples */
    public int size() {
        return (int) features.size(0);
    }
}
