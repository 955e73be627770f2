package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.core.config.Activation;
import org.vae4j.core.config.Likelihood;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.config.UpdaterType;
import org.vae4j.core.config.VarianceMode;
import org.vae4j.core.io.Json;

class ConfigTest {
    @Test
    void configsRoundTripThroughJson() {
        ModelConfig mc = ModelConfig.builder(784).hidden(200, 200).latentDim(50).activation(Activation.TANH)
                .likelihood(Likelihood.GAUSSIAN).varianceMode(VarianceMode.PER_DIMENSION).build();
        assertEquals(mc, Json.read(Json.write(mc), ModelConfig.class, "model config"));
        TrainingConfig tc = TrainingConfig.builder().epochs(3).updater(UpdaterType.ADAGRAD).beta(0.5).warmupEpochs(2)
                .seed(99).build();
        assertEquals(tc, Json.read(Json.write(tc), TrainingConfig.class, "training config"));
        assertEquals(List.of(200, 200), mc.decoderHidden());
    }

    @Test
    void rejectsNonsenseWithMessagesNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder(784).latentDim(0).build());
        assertEquals("latentDim must be ≥ 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().epochs(-1).build());
        assertEquals("epochs must be ≥ 0, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Likelihood.parse("poisson"));
        assertEquals("unknown decoder likelihood 'poisson'; expected one of bernoulli, gaussian", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Json.read("{\"inputDim\": 5, \"latentDim\": -2}", ModelConfig.class, "model config"));
        assertTrue(e.getMessage().startsWith("invalid model config"), e.getMessage());
        assertEquals(Activation.LEAKY_RELU, Activation.parse("leaky-relu"));
    }

    @Test
    void warmupRaisesBetaLinearly() {
        TrainingConfig tc = TrainingConfig.builder().beta(2).warmupEpochs(4).build();
        assertEquals(0.5, tc.betaAt(1), 1e-12);
        assertEquals(2.0, tc.betaAt(4), 1e-12);
        assertEquals(2.0, tc.betaAt(9), 1e-12);
    }
}
