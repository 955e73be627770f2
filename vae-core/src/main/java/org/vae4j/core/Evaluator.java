package org.vae4j.core;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.graph.GraphNames;
import org.vae4j.core.train.FusedForward;

/**
 * Test-time estimates: the ELBO and its terms, and the importance-weighted estimate
 * log p(x) ≈ log (1/K) Σ_k w_k (Burda et al. 2016), accumulated with a streaming log-sum-exp
 * over chunks of K so memory stays bounded for K in the thousands. The log-weights come from
 * {@link FusedForward} where the model has it (the encoder then runs once per batch, not once per
 * chunk), else from the graph.
 */
final class Evaluator {
    private Evaluator() {
    }

    static EvaluationResult evaluate(VaeModel model, DataSetIterator data, EvaluationOptions opt,
                                     java.util.function.LongConsumer examplesDone) {
        DataType dt = model.dataType();
        int j = model.modelConfig().latentDim();
        int d = model.modelConfig().inputDim();
        NoiseSource noise = new NoiseSource(opt.seed());
        if (data.resetSupported()) {
            data.reset();
        }
        long n = 0;
        double sumElbo = 0;
        double sumRecon = 0;
        double sumKl = 0;
        double sumIw = 0;
        DoubleList perElbo = new DoubleList();
        DoubleList perIw = new DoubleList();
        DoubleList perRecon = new DoubleList();
        INDArray beta = Nd4j.scalar(dt, 1.0);
        while (data.hasNext()) {
            DataSet batch = data.next();
            INDArray x = model.checkData(batch.getFeatures());
            int m = (int) x.rows();
            Map<String, INDArray> feeds = new HashMap<>();
            feeds.put(GraphNames.X, x);
            feeds.put(GraphNames.EPS, noise.standardNormal(dt, opt.elboSamples(), m, j));
            feeds.put(GraphNames.BETA, beta);
            Map<String, INDArray> out = model.output(feeds, GraphNames.ELBO, GraphNames.RECON, GraphNames.KL);
            double[] elbo = out.get(GraphNames.ELBO).toDoubleVector();
            double[] recon = out.get(GraphNames.RECON).toDoubleVector();
            double[] kl = out.get(GraphNames.KL).toDoubleVector();
            for (int i = 0; i < m; i++) {
                sumElbo += elbo[i];
                sumRecon += recon[i];
                sumKl += kl[i];
            }
            if (opt.perExample()) {
                perElbo.addAll(elbo);
                perRecon.addAll(recon);
            }
            if (opt.iwSamples() > 0) {
                double[] iw = importanceWeighted(model, x, opt, noise, j, d);
                for (double v : iw) {
                    sumIw += v;
                }
                if (opt.perExample()) {
                    perIw.addAll(iw);
                }
            }
            n += m;
            examplesDone.accept(n);
        }
        if (n == 0) {
            throw new IllegalArgumentException("cannot evaluate on an empty dataset");
        }
        double elbo = sumElbo / n;
        Double ll = opt.iwSamples() > 0 ? sumIw / n : null;
        double bpd = -(ll != null ? ll : elbo) / (d * Math.log(2));
        return new EvaluationResult(n, elbo, sumRecon / n, sumKl / n, ll, opt.iwSamples(), bpd,
                opt.perExample() ? perElbo.toArray() : null,
                opt.perExample() && ll != null ? perIw.toArray() : null,
                opt.perExample() ? perRecon.toArray() : null);
    }

    /** log (1/K) Σ_k w_k per example, K processed in chunks. */
    static double[] importanceWeighted(VaeModel model, INDArray x, EvaluationOptions opt, NoiseSource noise,
                                       int j, int d) {
        int m = (int) x.rows();
        int k = opt.iwSamples();
        int chunk = (int) Math.max(1, Math.min(k, opt.maxChunkElements() / ((long) m * d)));
        double[] max = new double[m];
        double[] sum = new double[m];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        INDArray beta = Nd4j.scalar(model.dataType(), 1.0);
        FusedForward fused = model.fused() != null && model.fused().hasLogWeights() ? model.fused() : null;
        INDArray[] q = null;
        if (fused != null) {
            synchronized (model.lock()) {
                q = fused.encode(model.graph(), x);              // μ, log σ²: once for all K
            }
        }
        for (int done = 0; done < k; done += chunk) {
            int kc = Math.min(chunk, k - done);
            INDArray eps = noise.standardNormal(model.dataType(), kc, m, j);
            INDArray logW;
            if (fused != null) {
                synchronized (model.lock()) {
                    logW = fused.logWeights(model.graph(), x, q[0], q[1], eps);
                }
            } else {
                Map<String, INDArray> feeds = new HashMap<>();
                feeds.put(GraphNames.X, x);
                feeds.put(GraphNames.EPS, eps);
                feeds.put(GraphNames.BETA, beta);
                logW = model.output(feeds, GraphNames.LOG_WEIGHTS).get(GraphNames.LOG_WEIGHTS);
            }
            INDArray wd = logW.castTo(DataType.DOUBLE);
            double[] w = wd.data().asDouble();                    // [kc, m], row-major
            if (wd != logW) {
                wd.close();
            }
            if (fused != null) {                                  // free native memory now, not at the next GC
                FusedForward.closeUnless(logW, null);
                FusedForward.closeUnless(eps, null);
            }
            for (int s = 0; s < kc; s++) {
                for (int i = 0; i < m; i++) {
                    double v = w[s * m + i];
                    if (v > max[i]) {
                        sum[i] = sum[i] * Math.exp(max[i] - v) + 1.0;
                        max[i] = v;
                    } else {
                        sum[i] += Math.exp(v - max[i]);
                    }
                }
            }
        }
        if (q != null) {
            FusedForward.closeUnless(q[0], null);
            FusedForward.closeUnless(q[1], null);
        }
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            out[i] = max[i] + Math.log(sum[i]) - Math.log(k);
        }
        return out;
    }

    /** A growable double array. */
    private static final class DoubleList {
        private double[] a = new double[256];
        private int n;

        void addAll(double[] v) {
            while (n + v.length > a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            System.arraycopy(v, 0, a, n, v.length);
            n += v.length;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
