package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PreprocessingTest {

    private static final Preprocessing PER_COLUMN = Preprocessing.of(3, Normalization.STANDARD,
            new double[] {1.5, -2, 0.25}, new double[] {2, 0.5, 4}, Binarization.NONE);

    @Test
    void roundTripsThroughJson() {
        for (Preprocessing p : new Preprocessing[] {PER_COLUMN, Preprocessing.identity(5),
            Preprocessing.of(784, Normalization.PIXELS, new double[] {0}, new double[] {255}, Binarization.DYNAMIC)}) {
            String json = p.toJson();
            assertEquals(p, Preprocessing.fromJson(json), json);
        }
        assertTrue(PER_COLUMN.toJson().startsWith("{\"formatVersion\":1,\"inputDim\":3,\"normalization\":\"STANDARD\","
                + "\"binarization\":\"NONE\",\"offset\":[1.5,-2.0,0.25],\"scale\":[2.0,0.5,4.0]}"), PER_COLUMN.toJson());
    }

    @Test
    void rejectsMalformedJson() {
        String m = assertThrows(DatasetException.class, () -> Preprocessing.fromJson("{\"inputDim\": ")).getMessage();
        assertTrue(m.startsWith("not a valid preprocessing JSON ("), m);
        String wrongLength = PER_COLUMN.toJson().replace("[2.0,0.5,4.0]", "[2.0,0.5]");
        m = assertThrows(DatasetException.class, () -> Preprocessing.fromJson(wrongLength)).getMessage();
        assertEquals("preprocessing scale must have length 1 or inputDim = 3, found 2", m);
        String newer = PER_COLUMN.toJson().replace("\"formatVersion\":1", "\"formatVersion\":2");
        m = assertThrows(DatasetException.class, () -> Preprocessing.fromJson(newer)).getMessage();
        assertTrue(m.contains("preprocessing format version 2 is not supported; expected 1"), m);
    }

    @Test
    void rejectsNonPositiveScale() {
        String m = assertThrows(DatasetException.class, () -> Preprocessing.of(2, Normalization.NONE,
                new double[] {0}, new double[] {1, 0}, Binarization.NONE)).getMessage();
        assertEquals("preprocessing scale[1] must be a finite number > 0, found 0.0", m);
    }

    @Test
    void transformAndInvertAreInverses() {
        INDArray raw = Nd4j.createFromArray(new float[][] {{1.5f, -2f, 0.25f}, {3.5f, -1f, 8.25f}});
        INDArray scaled = PER_COLUMN.transform(raw);
        assertEquals(Nd4j.createFromArray(new float[][] {{0, 0, 0}, {1, 2, 2}}), scaled);
        assertEquals(raw, PER_COLUMN.invert(scaled));
        String m = assertThrows(DatasetException.class, () -> PER_COLUMN.transform(Nd4j.zeros(2, 4))).getMessage();
        assertTrue(m.startsWith("expected data of shape [n, 3], found [2, 4]"), m);
    }

    @Test
    void reportsTheLogJacobianOfTheScaling() {
        assertEquals(-(Math.log(2) + Math.log(0.5) + Math.log(4)), PER_COLUMN.logJacobian(), 1e-12);
        Preprocessing pixels = Datasets.loadDefault().preprocessing();
        assertEquals(-784 * Math.log(255), pixels.logJacobian(), 1e-9);
        assertEquals(0.0, Preprocessing.identity(10).logJacobian());
    }

    @Test
    void pixelScalingMapsTwoFiftyFiveToExactlyOne() {
        float[] row = {0, 1, 128, 255};
        Preprocessing.of(4, Normalization.PIXELS, new double[] {0}, new double[] {255}, Binarization.NONE)
                .transformInPlace(row, 0, 1);
        assertArrayEquals(new float[] {0, 1 / 255f, 128 / 255f, 1f}, row);
    }
}
