package org.vae4j.core.train;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.comparison.CompareAndSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.vae4j.core.config.TrainingConfig;

/**
 * The optimizer state of a model: one ND4J {@link GradientUpdater} per trainable variable (the
 * same kernels SameDiff's own fit uses), with its state arrays and the iteration count, which
 * the model file stores so training resumes exactly. Adam on dense float/double variables runs in
 * {@link AdamKernel} instead (the same update, ~10× faster than ND4J's op here), whose moments
 * are copied to and from the same state arrays whenever the state is read or restored.
 */
public final class ParameterUpdater {
    private static final int FLUSH_EVERY = 100;
    private static final double DENORMAL_FLUSH = 1e-30;
    private final Map<String, GradientUpdater<?>> updaters = new TreeMap<>();
    private final Map<String, INDArray> states = new TreeMap<>();
    /** Adam kernels by variable name, for the variables they apply to (none unless the updater is Adam). */
    private final Map<String, AdamKernel> kernels = new TreeMap<>();
    private final Adam adam;
    /** Copy buffers for θ and ∇θ, shared by the kernels (float or double, as the model). */
    private final float[][] scratchF;
    private final double[][] scratchD;
    private final double weightDecay;
    private int iteration;

    public ParameterUpdater(SameDiff sd, TrainingConfig tc) {
        IUpdater config = tc.updater().create(tc.learningRate());
        if (!tc.learningRateSchedule().isEmpty()) {
            java.util.Map<Integer, Double> byEpoch = new java.util.HashMap<>();
            int last = Math.max(tc.epochs(), tc.learningRateSchedule().lastKey()) + 1;
            for (int e = 0; e <= last; e++) {
                byEpoch.put(e, tc.learningRateAt(Math.max(1, e)));
            }
            config.setLrAndSchedule(tc.learningRate(),
                    new org.nd4j.linalg.schedule.MapSchedule(org.nd4j.linalg.schedule.ScheduleType.EPOCH, byEpoch));
        }
        this.weightDecay = tc.weightDecay();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() != VariableType.VARIABLE) {
                continue;
            }
            INDArray arr = v.getArr();
            long size = config.stateSize(arr.length());
            INDArray view = size == 0 ? null : Nd4j.zeros(arr.dataType(), 1, size);
            GradientUpdater<?> u = config.instantiate(view, false);
            u.setStateViewArray(view, arr.shape(), arr.ordering(), true);
            updaters.put(v.name(), u);
            if (view != null) {
                states.put(v.name(), view);
            }
        }
        this.adam = config instanceof Adam a ? a : null;
        int maxF = 0;
        int maxD = 0;
        if (adam != null) {
            for (String name : updaters.keySet()) {
                INDArray arr = sd.getVariable(name).getArr();
                AdamKernel k = AdamKernel.of(arr, states.get(name));
                if (k != null) {
                    kernels.put(name, k);
                    if (arr.dataType() == DataType.FLOAT) {
                        maxF = Math.max(maxF, k.length());
                    } else {
                        maxD = Math.max(maxD, k.length());
                    }
                }
            }
        }
        this.scratchF = maxF == 0 ? null : new float[][] {new float[maxF], new float[maxF]};
        this.scratchD = maxD == 0 ? null : new double[][] {new double[maxD], new double[maxD]};
    }

    /** Names of the trained variables, sorted. */
    public List<String> variables() {
        return List.copyOf(updaters.keySet());
    }

    /** Applies one update: θ ← θ − update(∇θ + λθ). The gradients are consumed. */
    public void step(SameDiff sd, Map<String, INDArray> gradients, int epoch) {
        for (Map.Entry<String, GradientUpdater<?>> e : updaters.entrySet()) {
            INDArray param = sd.getVariable(e.getKey()).getArr();
            INDArray grad = gradients.get(e.getKey());
            if (grad == null) {
                continue;
            }
            AdamKernel kernel = kernels.get(e.getKey());
            if (kernel != null) {
                kernel.step(param, grad, scratchF, scratchD, adam.getLearningRate(iteration, epoch), adam.getBeta1(),
                        adam.getBeta2(), adam.getEpsilon(), iteration, weightDecay);
                continue;
            }
            if (weightDecay > 0) {
                grad.addi(param.mul(weightDecay));
            }
            e.getValue().applyUpdater(grad, iteration, epoch);
            param.subi(grad);
        }
        iteration++;
        if (iteration % FLUSH_EVERY == 0) {
            flushDenormals();
        }
    }

    /**
     * Exactly-zero gradients (dead ReLU units) let Adam's moments decay into denormal floats, and
     * ND4J's kernels slow down several-fold on them; values that small change nothing.
     */
    private void flushDenormals() {
        for (Map.Entry<String, INDArray> e : states.entrySet()) {
            AdamKernel k = kernels.get(e.getKey());
            if (k != null) {
                k.flushBelow(DENORMAL_FLUSH);
            } else {
                Nd4j.getExecutioner().exec(new CompareAndSet(e.getValue(), 0.0, Conditions.absLessThan(DENORMAL_FLUSH)));
            }
        }
    }

    public int iteration() {
        return iteration;
    }

    /**
     * The state arrays by variable name (Adam: [m, v] flattened), up to date as of this call; the
     * next step does not necessarily write into them (call again to read the state after it).
     */
    public Map<String, INDArray> states() {
        kernels.forEach((name, k) -> k.store(states.get(name)));
        return states;
    }

    /** Copies saved state in (shapes must match). */
    public void restore(Map<String, INDArray> saved, int savedIteration) {
        for (Map.Entry<String, INDArray> e : states.entrySet()) {
            INDArray s = saved.get(e.getKey());
            if (s == null || s.length() != e.getValue().length()) {
                throw new IllegalArgumentException("updater state for '" + e.getKey() + "' is missing or has the "
                        + "wrong size");
            }
            e.getValue().assign(s.reshape(e.getValue().shape()));
        }
        kernels.forEach((name, k) -> k.load(states.get(name)));
        this.iteration = savedIteration;
    }
}
