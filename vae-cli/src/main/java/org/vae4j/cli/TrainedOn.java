package org.vae4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.vae4j.core.io.Json;
import org.vae4j.datasets.LoadedDataset;
import org.vae4j.datasets.Preprocessing;

/**
 * What a model was trained on, stored inside the model file: the dataset spec, the fitted
 * preprocessing (re-applied at evaluation), the image shape and label names (for pictures).
 *
 * @param imageShape {height, width}, or null for non-image data
 */
record TrainedOn(String spec, JsonNode preprocessing, int[] imageShape, List<String> labelNames) {

    static TrainedOn of(LoadedDataset ds) {
        try {
            JsonNode pre = Json.mapper().readTree(ds.preprocessing().toJson());
            return new TrainedOn(ds.name(), pre, ds.imageShape().orElse(null), ds.labelNames());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot serialize the preprocessing", e);
        }
    }

    static TrainedOn fromJson(String json) {
        return json == null ? null : Json.read(json, TrainedOn.class, "data description in the model file");
    }

    String toJson() {
        return Json.write(this);
    }

    Preprocessing fittedPreprocessing() {
        return Preprocessing.fromJson(preprocessing.toString());
    }
}
