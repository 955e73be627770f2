package org.vae4j.datasets;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fitted preprocessing of a dataset: per-column scaling {@code x' = (x - offset) / scale}
 * followed by a {@link Binarization}. It is fitted on the training split, travels with a model
 * (JSON via {@link #toJson()} / {@link #fromJson(String)}), can be re-applied to new data
 * ({@link #transform(INDArray)}) and inverted ({@link #invert(INDArray)}) to show decoded data in the
 * original units.
 *
 * <p>{@code offset} and {@code scale} have length 1 (the same for every column) or
 * {@code inputDim}. Binarization is not invertible; {@link #invert} undoes the scaling only.
 *
 * @param formatVersion the JSON layout version, {@value #FORMAT_VERSION}
 * @param inputDim values per example
 * @param normalization how offset and scale were fitted
 * @param offset subtracted first (accessor returns a copy)
 * @param scale divided by next, all &gt; 0 (accessor returns a copy)
 * @param binarization applied after scaling
 */
@JsonPropertyOrder({"formatVersion", "inputDim", "normalization", "binarization", "offset", "scale"})
public record Preprocessing(int formatVersion, int inputDim, Normalization normalization, double[] offset,
        double[] scale, Binarization binarization) {

    /** The current JSON layout version. */
    public static final int FORMAT_VERSION = 1;

    /** Validates and copies the arrays. */
    public Preprocessing {
        if (formatVersion != FORMAT_VERSION) {
            throw new DatasetException("preprocessing format version " + formatVersion + " is not supported;"
                    + " expected " + FORMAT_VERSION + ": the model was written by another vae4j version");
        }
        if (inputDim < 1) {
            throw new DatasetException("preprocessing inputDim must be ≥ 1, found " + inputDim);
        }
        if (normalization == null || binarization == null || offset == null || scale == null) {
            throw new DatasetException("preprocessing needs normalization, binarization, offset and scale;"
                    + " found normalization=" + normalization + ", binarization=" + binarization
                    + ", offset " + (offset == null ? "missing" : "present")
                    + ", scale " + (scale == null ? "missing" : "present"));
        }
        offset = offset.clone();
        scale = scale.clone();
        checkLength("offset", offset.length, inputDim);
        checkLength("scale", scale.length, inputDim);
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0) || !Double.isFinite(scale[j])) {
                throw new DatasetException("preprocessing scale[" + j + "] must be a finite number > 0, found "
                        + scale[j]);
            }
            if (!Double.isFinite(offset[Math.min(j, offset.length - 1)])) {
                throw new DatasetException("preprocessing offset must be finite, found "
                        + offset[Math.min(j, offset.length - 1)]);
            }
        }
    }

    private static void checkLength(String name, int length, int inputDim) {
        if (length != 1 && length != inputDim) {
            throw new DatasetException("preprocessing " + name + " must have length 1 or inputDim = " + inputDim
                    + ", found " + length);
        }
    }

    /**
     * A preprocessing with the given scaling.
     *
     * @param offset length 1 or inputDim
     * @param scale length 1 or inputDim, all &gt; 0
     */
    public static Preprocessing of(int inputDim, Normalization normalization, double[] offset, double[] scale,
            Binarization binarization) {
        return new Preprocessing(FORMAT_VERSION, inputDim, normalization, offset, scale, binarization);
    }

    /** @return data used as given: no scaling, no binarization */
    public static Preprocessing identity(int inputDim) {
        return of(inputDim, Normalization.NONE, new double[] {0}, new double[] {1}, Binarization.NONE);
    }

    static Preprocessing fit(Normalization normalization, ColumnStats stats, int inputDim, Binarization b) {
        double[][] fitted = normalization.fit(stats, inputDim);
        return of(inputDim, normalization, fitted[0], fitted[1], b);
    }

    @Override
    public double[] offset() {
        return offset.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    /** @return the same scaling with another binarization */
    public Preprocessing withBinarization(Binarization b) {
        return new Preprocessing(formatVersion, inputDim, normalization, offset, scale, b);
    }

    /**
     * The log-Jacobian of the scaling per example, {@code Σ_d log|∂x'_d/∂x_d| = -Σ_d log scale_d}.
     * Add it to a log-density of the scaled data to get the log-density in the original units:
     * {@code log p(x) = log p(x') + logJacobian()}. (For binarized data a likelihood is of the
     * binary values; this correction then does not apply.)
     */
    public double logJacobian() {
        double sumLogScale = 0;
        if (scale.length == 1) {
            sumLogScale = inputDim * Math.log(scale[0]);
        } else {
            for (double v : scale) {
                sumLogScale += Math.log(v);
            }
        }
        return sumLogScale == 0 ? 0.0 : -sumLogScale; // no -0.0 for the identity
    }

    /** Scales {@code rows} rows of {@code data} in place, starting at row {@code firstRow}. */
    public void transformInPlace(float[] data, int firstRow, int rows) {
        for (int r = firstRow; r < firstRow + rows; r++) {
            scaleRow(data, r * inputDim);
        }
    }

    /** Scales one row in place: {@code data[base .. base+inputDim)}. */
    void scaleRow(float[] data, int base) {
        if (scale.length == 1 && offset.length == 1) {
            float o = (float) offset[0];
            float sc = (float) scale[0];
            if (o == 0f && sc == 1f) {
                return;
            }
            for (int j = base; j < base + inputDim; j++) {
                data[j] = (data[j] - o) / sc; // division, not * (1/s): 255/255 must be exactly 1
            }
            return;
        }
        for (int j = 0; j < inputDim; j++) {
            double o = offset[offset.length == 1 ? 0 : j];
            double s = scale[scale.length == 1 ? 0 : j];
            data[base + j] = (float) ((data[base + j] - o) / s);
        }
    }

    /**
     * Applies the scaling (not the binarization) to raw data of shape [n, inputDim].
     *
     * @return a new float32 array
     */
    public INDArray transform(INDArray raw) {
        float[] data = checkedRows(raw);
        for (int base = 0; base < data.length; base += inputDim) {
            scaleRow(data, base);
        }
        return NdArrays.matrix(data, data.length / inputDim, inputDim);
    }

    /**
     * Undoes the scaling: maps data of shape [n, inputDim] in scaled units (e.g. decoder means) back
     * to the original units, {@code x = x' * scale + offset}.
     *
     * @return a new float32 array
     */
    public INDArray invert(INDArray scaled) {
        float[] data = checkedRows(scaled);
        for (int base = 0; base < data.length; base += inputDim) {
            for (int j = 0; j < inputDim; j++) {
                double o = offset[offset.length == 1 ? 0 : j];
                double s = scale[scale.length == 1 ? 0 : j];
                data[base + j] = (float) (data[base + j] * s + o);
            }
        }
        return NdArrays.matrix(data, data.length / inputDim, inputDim);
    }

    private float[] checkedRows(INDArray a) {
        if (a.rank() != 2 || a.size(1) != inputDim) {
            throw new DatasetException("expected data of shape [n, " + inputDim + "], found "
                    + Arrays.toString(a.shape()) + "; flatten examples to rows of " + inputDim + " values");
        }
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** @return this preprocessing as JSON (stored inside model files) */
    public String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write preprocessing as JSON", e);
        }
    }

    /**
     * Reads a preprocessing written by {@link #toJson()}.
     *
     * @throws DatasetException if the JSON is malformed or inconsistent
     */
    public static Preprocessing fromJson(String json) {
        try {
            return new ObjectMapper().readValue(json, Preprocessing.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof DatasetException d) {
                throw d;
            }
            throw new DatasetException("not a valid preprocessing JSON (" + e.getOriginalMessage() + ")", e);
        } catch (JsonProcessingException e) {
            throw new DatasetException("not a valid preprocessing JSON (" + e.getOriginalMessage()
                    + "); expected the output of Preprocessing.toJson()", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && p.formatVersion == formatVersion && p.inputDim == inputDim
                && p.normalization == normalization && p.binarization == binarization
                && Arrays.equals(p.offset, offset) && Arrays.equals(p.scale, scale);
    }

    @Override
    public int hashCode() {
        return ((inputDim * 31 + normalization.hashCode()) * 31 + binarization.hashCode()) * 31
                + Arrays.hashCode(offset) * 7 + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Preprocessing[" + normalization + (offset.length == 1 ? ", offset " + offset[0] + ", scale " + scale[0]
                : ", per-column offset/scale") + ", " + binarization + ", inputDim " + inputDim + "]";
    }
}
