package org.vae4j.core.config;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Hidden-layer nonlinearities; each constant applies itself to a graph variable. */
public enum Activation {
    RELU {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable v) {
            return sd.nn().relu(v, 0.0);
        }
    },
    TANH {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable v) {
            return sd.math().tanh(v);
        }
    },
    LEAKY_RELU {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable v) {
            return sd.nn().leakyRelu(v, 0.01);
        }
    },
    SOFTPLUS {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable v) {
            return sd.nn().softplus(v);
        }
    },
    ELU {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable v) {
            return sd.nn().elu(v);
        }
    },
    SIGMOID {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable v) {
            return sd.nn().sigmoid(v);
        }
    };

    public abstract SDVariable apply(SameDiff sd, SDVariable v);

    /** Parses "relu", "leaky-relu", "LEAKY_RELU", … with a message listing the choices. */
    public static Activation parse(String s) {
        return Enums.parse(Activation.class, s, "activation");
    }
}
