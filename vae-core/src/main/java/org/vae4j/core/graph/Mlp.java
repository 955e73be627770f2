package org.vae4j.core.graph;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.core.config.Activation;

/**
 * A named stack of dense layers, {@code act(x·W + b)}. The variables are created once and the
 * stack can be applied to several inputs (the decoder runs on sampled z and on given z).
 */
final class Mlp {
    private final SameDiff sd;
    private final Activation activation;
    private final List<SDVariable[]> layers = new ArrayList<>();
    private final int outSize;

    Mlp(SameDiff sd, String prefix, int nIn, List<Integer> sizes, Activation activation, Init init) {
        this.sd = sd;
        this.activation = activation;
        int in = nIn;
        for (int i = 0; i < sizes.size(); i++) {
            int out = sizes.get(i);
            SDVariable w = sd.var(prefix + "_W" + i, init.xavier(in, out));
            SDVariable b = sd.var(prefix + "_b" + i, init.zeros(1, out));
            layers.add(new SDVariable[] {w, b});
            in = out;
        }
        this.outSize = in;
    }

    SDVariable apply(SDVariable x) {
        SDVariable h = x;
        for (SDVariable[] layer : layers) {
            h = activation.apply(sd, dense(h, layer[0], layer[1]));
        }
        return h;
    }

    int outSize() {
        return outSize;
    }

    /** x·W + b. (Not {@code sd.nn.linear}: deeplearning4j issue 9869 reports it not training in M2.1.) */
    static SDVariable dense(SDVariable x, SDVariable w, SDVariable b) {
        return x.mmul(w).add(b);
    }
}
