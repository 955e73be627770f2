package org.vae4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.io.Json;

/**
 * The effective configuration of a training run, as saved to DIR/config.json and read by
 * {@code --config}: data, model and training sections. A config file may give any subset of the
 * fields; the rest keep their defaults, and command-line flags override both.
 */
record RunConfig(DataSection data, ModelConfig model, TrainingConfig training) {

    /**
     * @param spec          dataset spec, e.g. "mnist-10k", "idx:DIR", "csv:FILE?header=true"
     * @param binarize      none, threshold, static, dynamic
     * @param normalize     none, standard, minmax, or null for the data's default
     * @param validationFraction share of the training data held out for validation, or null for
     *                      the dataset's default
     */
    record DataSection(String spec, String binarize, String normalize, Double validationFraction) {
    }

    static final String DEFAULT_SPEC = "mnist-10k";

    /** 20 epochs: on the embedded 8,000 training digits that gives digit-like samples in about a minute. */
    static final int DEFAULT_EPOCHS = 20;

    static RunConfig defaults() {
        return new RunConfig(new DataSection(DEFAULT_SPEC, "none", null, null),
                ModelConfig.builder(1).build(), TrainingConfig.builder().epochs(DEFAULT_EPOCHS).build());
    }

    /** Reads a (partial) config file over the defaults. */
    static RunConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such config file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read the config file (" + e.getMessage() + ")");
        }
        JsonNode user;
        try {
            user = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UserError(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (user == null || !user.isObject()) {
            throw new UserError(file + ": a config file must be a JSON object with \"data\", \"model\" and/or "
                    + "\"training\" sections");
        }
        for (Iterator<String> it = user.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("data") && !name.equals("model") && !name.equals("training")) {
                throw new UserError(file + ": unknown section \"" + name + "\"; expected data, model, training");
            }
        }
        ObjectNode merged = (ObjectNode) Json.mapper().valueToTree(defaults());
        merge(merged, (ObjectNode) user);
        try {
            return Json.read(merged.toString(), RunConfig.class, "config " + file);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }

    private static void merge(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = base.get(e.getKey());
            if (current instanceof ObjectNode c && e.getValue() instanceof ObjectNode o) {
                merge(c, o);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    String toJson() {
        return Json.write(this);
    }
}
