package org.vae4j.cli;

import java.awt.image.BufferedImage;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Grids of grayscale images from rows of pixel values in [0, 1]. */
final class Images {
    private Images() {
    }

    /**
     * Lays out rows [n, h·w] in a grid of {@code cols} columns, each pixel drawn as a
     * {@code scale}×{@code scale} block, with a 1-block gap between tiles.
     */
    static BufferedImage grid(INDArray rows, int h, int w, int cols, int scale) {
        int n = (int) rows.rows();
        int gridRows = (n + cols - 1) / cols;
        int tileW = w * scale + scale;
        int tileH = h * scale + scale;
        BufferedImage img = new BufferedImage(cols * tileW + scale, gridRows * tileH + scale, BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        float[] values = rows.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < n; i++) {
            int x0 = scale + (i % cols) * tileW;
            int y0 = scale + (i / cols) * tileH;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = values[i * h * w + y * w + x];
                    int g = Math.round(255 * Math.max(0f, Math.min(1f, v)));
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            raster.setSample(x0 + x * scale + dx, y0 + y * scale + dy, 0, g);
                        }
                    }
                }
            }
        }
        return img;
    }

    /** Originals and reconstructions interleaved by row: a row of originals, then their reconstructions. */
    static BufferedImage pairs(INDArray originals, INDArray reconstructions, int h, int w, int cols, int scale) {
        int n = (int) originals.rows();
        int blocks = (n + cols - 1) / cols;
        INDArray out = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2L * blocks * cols,
                (long) h * w);
        for (int i = 0; i < n; i++) {
            int block = i / cols;
            int col = i % cols;
            out.putRow((long) (2 * block) * cols + col, originals.getRow(i).castTo(out.dataType()));
            out.putRow((long) (2 * block + 1) * cols + col, reconstructions.getRow(i).castTo(out.dataType()));
        }
        return grid(out, h, w, cols, scale);
    }
}
