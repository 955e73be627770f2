package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.ModelConfig;
import org.vae4j.core.config.TrainingConfig;
import org.vae4j.core.io.ModelFileException;

/**
 * Randomly damaged model files (bit flips, overwritten runs, truncation, insertions, deletions,
 * appended junk): every load either gives the original model back, identical outputs and all,
 * or fails with a {@link ModelFileException} naming the file. Nothing else is thrown, nothing
 * hangs, and no load allocates more than a bounded amount of heap.
 */
class ModelFileFuzzTest {
    private static final int MUTANTS = 300;
    private static final long MAX_ALLOCATED_PER_LOAD = 256L << 20;

    @TempDir
    Path dir;

    @Test
    void damagedModelFilesLoadCorrectlyOrFailCleanly() throws Exception {
        INDArray x = ToyData.binaryPrototypes(100, 16, 4, 7);
        Path valid = dir.resolve("valid.vae");
        float[] expected;
        try (VaeModel m = Vae.create(ModelConfig.builder(16).hidden(12).latentDim(2).build(),
                TrainingConfig.builder().epochs(1).batchSize(25).seed(3).build())) {
            Vae.train(m, ToyData.iterator(x, 25), null);
            m.setDataJson("{\"spec\":\"toy\"}");
            m.save(valid);
            expected = m.encode(x.getRows(0, 1, 2)).mean().ravel().toFloatVector();
        }
        byte[] bytes = Files.readAllBytes(valid);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(20260101);
        List<String> failures = new ArrayList<>();
        int[] outcomes = new int[2];
        long[] maxAllocated = {0};
        assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
            for (int i = 0; i < MUTANTS; i++) {
                Corruptions.Mutant mutant = Corruptions.mutate(bytes, random);
                Path f = dir.resolve("mutant-" + i + ".vae");
                Files.write(f, mutant.bytes());
                long before = threads.getCurrentThreadAllocatedBytes();
                try (VaeModel loaded = Vae.load(f)) {
                    float[] got = loaded.encode(x.getRows(0, 1, 2)).mean().ravel().toFloatVector();
                    if (!java.util.Arrays.equals(expected, got) || !"{\"spec\":\"toy\"}".equals(loaded.dataJson())
                            || loaded.history().size() != 1) {
                        failures.add(mutant.what() + ": loaded, but the model differs from the original");
                    }
                    outcomes[0]++;
                } catch (ModelFileException e) {
                    if (!e.getMessage().startsWith(f.toString()) || e.getMessage().contains("\n")) {
                        failures.add(mutant.what() + ": message does not name the file in one line: " + e.getMessage());
                    }
                    outcomes[1]++;
                } catch (Throwable t) {
                    failures.add(mutant.what() + ": " + t);
                }
                maxAllocated[0] = Math.max(maxAllocated[0], threads.getCurrentThreadAllocatedBytes() - before);
                Files.delete(f);
            }
        });
        System.out.printf("ModelFileFuzzTest: %d mutants, %d loaded identical, %d clean errors, max heap allocated by"
                + " one load %.1f MB%n", MUTANTS, outcomes[0], outcomes[1], maxAllocated[0] / 1e6);
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + MUTANTS + " mutants misbehaved:\n" + String.join("\n", failures));
        }
        assertTrue(outcomes[1] > MUTANTS / 2, "most damage is detected: " + outcomes[1]);
        assertTrue(maxAllocated[0] < MAX_ALLOCATED_PER_LOAD, "heap allocated by one load: " + maxAllocated[0]);
        assertEquals(0, Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
    }
}
