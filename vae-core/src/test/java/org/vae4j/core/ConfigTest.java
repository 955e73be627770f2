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
    void iwaeScheduleStepsTheLearningRateAtPowersOfThree() {
        var schedule = TrainingConfig.iwaeSchedule(1e-3, 3);
        assertEquals(List.of(1, 2, 5), List.copyOf(schedule.keySet()));
        TrainingConfig tc = TrainingConfig.builder().learningRateSchedule(schedule).build();
        assertEquals(1e-3, tc.learningRateAt(1), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -1 / 7.0), tc.learningRateAt(4), 1e-15);
        assertEquals(1e-3 * Math.pow(10, -2 / 7.0), tc.learningRateAt(13), 1e-15);
        assertEquals(tc, Json.read(Json.write(tc), TrainingConfig.class, "training config"));
    }

    @Test
    void learningRateScheduleIsAppliedByTheUpdater() {
        var x = ToyData.binaryPrototypes(200, 8, 3, 1);
        TrainingConfig tc = TrainingConfig.builder().epochs(2).batchSize(50).updater(UpdaterType.SGD)
                .learningRate(1e-2).learningRateSchedule(new java.util.TreeMap<>(java.util.Map.of(2, 1e-12))).seed(1).build();
        try (VaeModel m = Vae.create(ModelConfig.builder(8).hidden(8).latentDim(2).build(), tc)) {
            var w0 = m.graph().getVariable("enc_W0").getArr().dup();
            m.setTrainingConfig(tc.toBuilder().epochs(1).build());
            Vae.train(m, ToyData.iterator(x, 50), null);
            var w1 = m.graph().getVariable("enc_W0").getArr().dup();
            m.setTrainingConfig(tc);
            Vae.train(m, ToyData.iterator(x, 50), null);
            var w2 = m.graph().getVariable("enc_W0").getArr();
            double moved1 = w1.sub(w0).norm2Number().doubleValue();
            double moved2 = w2.sub(w1).norm2Number().doubleValue();
            assertTrue(moved1 > 1e-4, "epoch 1 at lr 1e-2 moves the weights: " + moved1);
            assertTrue(moved2 < 1e-8, "epoch 2 at lr 1e-12 barely does: " + moved2);
        }
    }

    @Test
    void warmupRaisesBetaLinearly() {
        TrainingConfig tc = TrainingConfig.builder().beta(2).warmupEpochs(4).build();
        assertEquals(0.5, tc.betaAt(1), 1e-12);
        assertEquals(2.0, tc.betaAt(4), 1e-12);
        assertEquals(2.0, tc.betaAt(9), 1e-12);
    }
}
