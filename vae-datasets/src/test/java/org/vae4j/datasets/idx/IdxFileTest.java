package org.vae4j.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.datasets.idx.IdxFixtures.bytes;
import static org.vae4j.datasets.idx.IdxFixtures.concat;
import static org.vae4j.datasets.idx.IdxFixtures.gzip;
import static org.vae4j.datasets.idx.IdxFixtures.header;
import static org.vae4j.datasets.idx.IdxFixtures.write;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vae4j.datasets.DatasetException;

class IdxFileTest {
    @TempDir
    Path tmp;

    private String failure(Path p) {
        return assertThrows(DatasetException.class, () -> IdxFile.read(p)).getMessage();
    }

    /** Values that exercise the range of each type, 2×3×2 of them. */
    static double[] valuesFor(IdxType type) {
        double[] base = switch (type) {
            case UINT8 -> new double[] {0, 1, 127, 128, 254, 255};
            case INT8 -> new double[] {-128, -1, 0, 1, 100, 127};
            case INT16 -> new double[] {-32768, -1, 0, 1, 1000, 32767};
            case INT32 -> new double[] {Integer.MIN_VALUE, -1, 0, 1, 123456789, Integer.MAX_VALUE};
            case FLOAT32 -> new double[] {-1.5f, 0, 1e-30f, 3.25f, Float.MAX_VALUE, 0.1f};
            case FLOAT64 -> new double[] {-1.5, 0, 1e-300, Math.PI, Double.MAX_VALUE, 0.1};
        };
        double[] v = new double[12];
        for (int i = 0; i < v.length; i++) {
            v[i] = base[(i * 5) % base.length];
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(IdxType.class)
    void roundTripsEveryTypePlainAndGzip(IdxType type) throws IOException {
        double[] values = valuesFor(type);
        IdxFile file = IdxFile.of(type, new int[] {2, 3, 2}, values);
        for (boolean gz : new boolean[] {false, true}) {
            Path p = tmp.resolve(type + (gz ? ".gz" : ".idx"));
            file.write(p, gz);
            IdxFile back = IdxFile.read(p);
            assertEquals(type, back.type());
            assertArrayEquals(new int[] {2, 3, 2}, back.dims());
            assertEquals(2, back.count());
            assertEquals(6, back.exampleSize());
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], back.get(i), "value " + i + " of " + type);
            }
            float[] floats = back.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                assertEquals((float) values[i], floats[i], "float value " + i + " of " + type);
            }
            assertEquals(file, back);
        }
    }

    @Test
    void readsOneAndFourDimensionalFiles() throws IOException {
        Path one = tmp.resolve("one");
        IdxFile.of(IdxType.INT16, new int[] {3}, new double[] {-2, 0, 7}).write(one, false);
        assertArrayEquals(new int[] {-2, 0, 7}, IdxFile.read(one).toIntArray());
        assertEquals(1, IdxFile.read(one).exampleSize());

        Path four = tmp.resolve("four");
        double[] v = new double[2 * 2 * 3 * 2];
        Arrays.setAll(v, i -> i * 0.5);
        IdxFile.of(IdxType.FLOAT32, new int[] {2, 2, 3, 2}, v).write(four, true);
        IdxFile f = IdxFile.read(four);
        assertEquals(12, f.exampleSize());
        float[] second = new float[12];
        f.copyExample(1, second, 0);
        assertEquals(6.0f, second[0]);
        assertEquals(11.5f, second[11]);
    }

    @Test
    void detectsGzipByMagicBytesNotByName() throws IOException {
        byte[] plain = IdxFixtures.images(2, 2, 2);
        Path gzipNamedIdx = write(tmp, "data.idx", gzip(plain));
        Path plainNamedGz = write(tmp, "data.gz", plain);
        assertEquals(IdxFile.read(gzipNamedIdx), IdxFile.read(plainNamedGz));
    }

    @Test
    void readsFromAStream() {
        IdxFile f = IdxFile.read(new ByteArrayInputStream(IdxFixtures.labels(3, 1, 4)), "resource:labels");
        assertArrayEquals(new int[] {3, 1, 4}, f.toIntArray());
        assertEquals("resource:labels", f.source());
    }

    @Test
    void rejectsIdxFileWithBadMagic() throws IOException {
        Path p = write(tmp, "bad-magic.idx", concat(new byte[] {0x50, 0x4B, 0x03, 0x04}, bytes(20, 0)));
        String m = failure(p);
        assertTrue(m.startsWith(p + ": magic number must be 0x0000TTDD"), m);
        assertTrue(m.contains("found 0x504B0304; is this an IDX file?"), m);
    }

    @Test
    void rejectsIdxFileWithUnknownTypeCode() throws IOException {
        Path p = write(tmp, "bad-type.idx", concat(header(0x0A, 2), bytes(2, 1)));
        String m = failure(p);
        assertTrue(m.contains(p + ": unknown IDX data type code 0x0A in magic number 0x00000A01"), m);
        assertTrue(m.contains("expected one of 0x08 (uint8), 0x09 (int8), 0x0B (int16), 0x0C (int32),"
                + " 0x0D (float32), 0x0E (float64)"), m);
    }

    @Test
    void rejectsIdxFileWithZeroDimensions() throws IOException {
        Path p = write(tmp, "zero-dims.idx", new byte[] {0, 0, 8, 0});
        assertTrue(failure(p).contains("declares 0 dimensions"), failure(p));
    }

    @Test
    void rejectsIdxFileWithTruncatedHeader() throws IOException {
        Path p = write(tmp, "short-header.idx", new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0});
        String m = failure(p);
        assertTrue(m.contains(p + ": truncated header: magic number 0x00000803 declares 3 dimensions"
                + " (16 header bytes) but the file ends after 9 bytes"), m);
    }

    @Test
    void rejectsTruncatedIdxFile() throws IOException {
        Path p = write(tmp, "truncated.idx", concat(header(0x08, 2, 2, 2), bytes(5, 7)));
        String m = failure(p);
        assertTrue(m.contains(p + ": truncated: the header declares 2×2×2 uint8 values (8 data bytes)"
                + " but the file has only 5 data bytes"), m);
        assertTrue(m.contains("download it again"), m);
    }

    @Test
    void rejectsTruncatedGzipIdxFile() throws IOException {
        Path p = write(tmp, "truncated.gz", gzip(concat(header(0x0D, 4, 3), bytes(40, 7))));
        assertTrue(failure(p).contains("truncated: the header declares 4×3 float32 values (48 data bytes)"
                + " but the file has only 40 data bytes"), failure(p));
    }

    @Test
    void rejectsIdxFileWithTrailingBytes() throws IOException {
        Path p = write(tmp, "trailing.idx", concat(header(0x08, 2, 2), bytes(4, 1), bytes(3, 0)));
        String m = failure(p);
        assertTrue(m.contains(p + ": 3 trailing bytes after the 4 data bytes the header declares (2×2 uint8)"), m);
        assertTrue(m.contains("is the count or the type in the header wrong?"), m);
    }

    @Test
    void rejectsCorruptGzip() throws IOException {
        byte[] gz = gzip(IdxFixtures.images(20, 8, 8));
        for (int i = 12; i < gz.length - 8; i++) {
            gz[i] = (byte) (gz[i] ^ 0x5A);
        }
        Path p = write(tmp, "corrupt.gz", gz);
        String m = failure(p);
        assertTrue(m.startsWith(p + ": starts with the gzip magic bytes 1f 8b but is not a valid gzip stream ("), m);
        assertTrue(m.contains("download it again"), m);
    }

    @Test
    void rejectsGzipCutShort() throws IOException {
        byte[] gz = gzip(IdxFixtures.images(20, 8, 8));
        Path p = write(tmp, "cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertTrue(failure(p).contains("is not a valid gzip stream"), failure(p));
    }

    @Test
    void rejectsGzipWithBadChecksum() throws IOException {
        byte[] gz = gzip(IdxFixtures.images(2, 2, 2));
        gz[gz.length - 6] ^= 0x01; // inside the CRC32 of the trailer
        Path p = write(tmp, "badcrc.gz", gz);
        assertTrue(failure(p).contains("is not a valid gzip stream (Corrupt GZIP trailer)"), failure(p));
    }

    @Test
    void rejectsMissingFile() {
        Path p = tmp.resolve("absent.idx");
        assertTrue(failure(p).contains(p + ": no such file"), failure(p));
    }

    @Test
    void rejectsFloatLabelsAsIntegers() throws IOException {
        Path p = tmp.resolve("floats");
        IdxFile.of(IdxType.FLOAT32, new int[] {2}, new double[] {1, 2}).write(p, false);
        String m = assertThrows(DatasetException.class, () -> IdxFile.read(p).toIntArray()).getMessage();
        assertTrue(m.contains("holds float32 values; expected an integer type"), m);
    }

    @Test
    void readsHeaderOnly() throws IOException {
        Path p = write(tmp, "h.idx", IdxFixtures.images(3, 4, 5));
        IdxFile.Info info = IdxFile.readInfo(p);
        assertEquals(IdxType.UINT8, info.type());
        assertArrayEquals(new int[] {3, 4, 5}, info.dims());
        assertTrue(Files.size(p) > 0);
    }
}
