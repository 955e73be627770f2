package org.vae4j.cli;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Arrays as CSV text. */
final class Tables {
    private Tables() {
    }

    /** One CSV row per array row, columns x0, x1, …; an optional first column of labels. */
    static String rows(INDArray a, int[] labels) {
        int n = (int) a.rows();
        int d = (int) a.columns();
        double[] v = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        StringBuilder sb = new StringBuilder();
        if (labels != null) {
            sb.append("label,");
        }
        for (int j = 0; j < d; j++) {
            sb.append(j == 0 ? "" : ",").append('x').append(j);
        }
        sb.append('\n');
        for (int i = 0; i < n; i++) {
            if (labels != null) {
                sb.append(labels[i]).append(',');
            }
            for (int j = 0; j < d; j++) {
                sb.append(j == 0 ? "" : ",").append(Outputs.num(v[i * d + j]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
