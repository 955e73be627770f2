package org.vae4j.core.train;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.same.OneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.vae4j.core.config.VarianceMode;

/**
 * Diagonal Gaussian p(x|z) (AEVB Appendix C.2; the graph's {@code GaussianHead}): mean
 * μₓ = g·W + b and log-variance v floored smoothly, v = v_min + softplus(raw − v_min), with
 * log p(x|z) = −½ Σ_d [log 2π + v_d + (x_d − μₓ_d)²·e^{−v_d}].
 * For the loss part −(1/N)·Σ log p:
 * ∂/∂μₓ = (1/N)·(μₓ − x)·e^{−v},  ∂/∂v = (1/(2N))·(1 − (x − μₓ)²·e^{−v}),  ∂v/∂raw = sigmoid(raw − v_min).
 */
final class FusedGaussianHead extends FusedHead {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final String W = "dec_out_W";
    private static final String B = "dec_out_b";
    private static final String W_LOGVAR = "dec_logvar_W";
    private static final String B_LOGVAR = "dec_logvar_b";
    private static final String LOGVAR = "dec_logvar";

    private final VarianceMode mode;
    private final double fixedLogVar;
    private final double minLogVar;
    /** PER_DIMENSION: v, sigmoid(raw − v_min), e^{−v} and scratch, each [1, D]. */
    private INDArray rowLogVar;
    private INDArray rowSlope;
    private INDArray rowPrecision;
    private INDArray rowTmp;

    FusedGaussianHead(VarianceMode mode, double fixedLogVar, double minLogVar) {
        this.mode = mode;
        this.fixedLogVar = fixedLogVar;
        this.minLogVar = minLogVar;
    }

    @Override
    List<String> variables() {
        return switch (mode) {
            case PER_EXAMPLE -> List.of(W, B, W_LOGVAR, B_LOGVAR);
            case PER_DIMENSION -> List.of(W, B, LOGVAR);
            case FIXED -> List.of(W, B);
        };
    }

    @Override
    int buffers() {
        return mode == VarianceMode.PER_EXAMPLE ? 4 : 2;
    }

    @Override
    INDArray mean(SameDiff sd, INDArray g) {
        return FusedForward.dense(sd, g, W, B);
    }

    @Override
    double logLikelihoodAndBackward(SameDiff sd, INDArray x, INDArray g, INDArray dg, FusedWorkspace ws,
                                    Map<String, INDArray> grads) {
        INDArray w = sd.getArrForVarName(W);
        INDArray diff = ws.out[0];
        INDArray delta = ws.out[1];
        double n = ws.n;
        double d = diff.columns();
        double scale = 1.0 / ws.n;

        FusedOps.dense(g, w, sd.getArrForVarName(B), diff);            // μₓ = g·W + b
        double sumLogVar = logVarianceAndPrecision(sd, g, ws);           // Σ v; e^{−v} into delta (PER_EXAMPLE)
        for (INDArray sample : ws.outBySample[0]) {
            sample.subi(x);                                              // μₓ − x
        }
        switch (mode) {                                                  // δ = (μₓ − x)·e^{−v}
            case PER_EXAMPLE -> delta.muli(diff);
            case PER_DIMENSION -> FusedOps.exec(new BroadcastMulOp(diff, rowPrecision, delta, 1));
            case FIXED -> diff.mul(Math.exp(-fixedLogVar), delta);
        }
        double logLik = -0.5 * (n * d * LOG_2PI + sumLogVar + FusedOps.dot(diff, delta));

        // the weight gradient and ∂g: independent products, large ones one to each thread
        FusedOps.denseBackward(g, delta, w, scale, grads.get(W), grads.get(B), dg, 0.0);

        if (mode == VarianceMode.FIXED) {
            return logLik;
        }
        // ∂(−Σ log p)/∂v = ½·(1 − (x − μₓ)²·e^{−v}); the ½ and 1/N go into α
        INDArray dv = diff.muli(delta);
        if (mode == VarianceMode.PER_EXAMPLE) {
            FusedOps.exec(new OneMinus(dv, dv));
            dv.muli(ws.out[3]);                                          // · ∂v/∂raw
            INDArray wLogVar = sd.getArrForVarName(W_LOGVAR);
            FusedOps.denseBackward(g, dv, wLogVar, 0.5 * scale, grads.get(W_LOGVAR), grads.get(B_LOGVAR), dg, 1.0);
        } else {
            // one v per dimension: Σ over the N rows of ½·(1 − …) = ½·(N − Σ_rows (x − μₓ)²·e^{−v})
            INDArray grad = grads.get(LOGVAR);
            FusedOps.gemm(FusedOps.onesRow(g.dataType(), ws.n), dv, grad, -0.5 * scale, 0.0);
            grad.addi(0.5 * scale * n).muli(rowSlope);
        }
        return logLik;
    }

    /**
     * Computes v, returns Σ v over the N·D entries; PER_EXAMPLE leaves e^{−v} in out[1] and
     * ∂v/∂raw in out[3], PER_DIMENSION the same in its rows.
     */
    private double logVarianceAndPrecision(SameDiff sd, INDArray g, FusedWorkspace ws) {
        switch (mode) {
            case PER_EXAMPLE -> {
                INDArray v = ws.out[2];
                FusedOps.dense(g, sd.getArrForVarName(W_LOGVAR), sd.getArrForVarName(B_LOGVAR), v);
                v.subi(minLogVar);                                       // raw − v_min
                FusedOps.exec(new Sigmoid(v, ws.out[3]));
                FusedOps.softplus(v, v, ws.out[1]);
                v.addi(minLogVar);
                FusedOps.exec(new Negative(v, ws.out[1]));
                FusedOps.exec(new Exp(ws.out[1], ws.out[1]));
                return FusedOps.sum(v, ws.ones);
            }
            case PER_DIMENSION -> {
                INDArray raw = sd.getArrForVarName(LOGVAR);
                if (rowLogVar == null) {
                    rowLogVar = raw.ulike();
                    rowSlope = raw.ulike();
                    rowPrecision = raw.ulike();
                    rowTmp = raw.ulike();
                }
                raw.sub(minLogVar, rowLogVar);
                FusedOps.exec(new Sigmoid(rowLogVar, rowSlope));
                FusedOps.softplus(rowLogVar, rowLogVar, rowTmp);
                rowLogVar.addi(minLogVar);
                FusedOps.exec(new Negative(rowLogVar, rowPrecision));
                FusedOps.exec(new Exp(rowPrecision, rowPrecision));
                return ws.n * FusedOps.sum(rowLogVar, ws.ones);
            }
            case FIXED -> {
                return (double) ws.n * ws.out[0].columns() * fixedLogVar;
            }
            default -> throw new IllegalStateException("unhandled variance mode " + mode);
        }
    }
}
