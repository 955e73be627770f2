package org.vae4j.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.DataOptions;
import org.vae4j.datasets.DataSpec;
import org.vae4j.datasets.DatasetException;
import org.vae4j.datasets.Datasets;
import org.vae4j.datasets.LoadedDataset;

/**
 * Randomly damaged IDX files, plain and gzip: {@link IdxFile#read}, {@link IdxRecordReader} and
 * {@code Datasets.load("idx:FILE")} each either read exactly what an independent reference parser
 * finds in the bytes, or fail with a {@link DatasetException} naming the file. Nothing else is
 * thrown, nothing hangs, and no read allocates far more than the file holds (a damaged header
 * that declares gigabytes must not make the reader allocate them).
 */
class IdxFuzzTest {
    private static final int MUTANTS_PER_FILE = 100;
    private static final long MAX_ALLOCATED_PER_READ = 64L << 20;

    @TempDir
    Path dir;

    /** What an IDX file holds, parsed independently of the code under test; empty if invalid. */
    record Parsed(int typeCode, int[] dims, byte[] data) {
    }

    static Optional<Parsed> reference(byte[] file) {
        byte[] plain = file;
        if (file.length >= 2 && file[0] == 0x1F && file[1] == (byte) 0x8B) {
            try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(file))) {
                plain = gz.readAllBytes();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        if (plain.length < 4 || plain[0] != 0 || plain[1] != 0) {
            return Optional.empty();
        }
        int code = plain[2] & 0xFF;
        int size = switch (code) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> 0;
        };
        int ndims = plain[3] & 0xFF;
        if (size == 0 || ndims == 0 || plain.length < 4 + 4 * ndims) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(plain);
        int[] dims = new int[ndims];
        BigInteger bytes = BigInteger.valueOf(size);
        for (int i = 0; i < ndims; i++) {
            long d = b.getInt(4 + 4 * i) & 0xFFFFFFFFL;
            if (d > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            dims[i] = (int) d;
            bytes = bytes.multiply(BigInteger.valueOf(d));
        }
        int header = 4 + 4 * ndims;
        if (!bytes.equals(BigInteger.valueOf(plain.length - header))) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(code, dims, Arrays.copyOfRange(plain, header, plain.length)));
    }

    private static byte[] floats(int n, int d) {
        ByteBuffer b = ByteBuffer.allocate(n * d * 4);
        for (int i = 0; i < n * d; i++) {
            b.putFloat((float) Math.sin(i));
        }
        return IdxFixtures.concat(IdxFixtures.header(0x0D, n, d), b.array());
    }

    @Test
    void damagedIdxFilesReadCorrectlyOrFailCleanly() throws Exception {
        List<byte[]> valid = List.of(
                IdxFixtures.images(30, 6, 5),
                IdxFixtures.gzip(IdxFixtures.images(30, 6, 5)),
                floats(20, 7),
                IdxFixtures.gzip(IdxFixtures.labels(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9)));
        for (byte[] v : valid) {
            assertTrue(reference(v).isPresent(), "the reference parser reads the valid files");
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(7);
        List<String> failures = new ArrayList<>();
        int[] outcomes = new int[2];
        long[] maxAllocated = {0};
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            int i = 0;
            for (byte[] v : valid) {
                for (int k = 0; k < MUTANTS_PER_FILE; k++, i++) {
                    Corruptions.Mutant mutant = Corruptions.mutate(v, random);
                    Path f = dir.resolve("mutant-" + i + ".idx");
                    Files.write(f, mutant.bytes());
                    Optional<Parsed> expected = reference(mutant.bytes());
                    outcomes[expected.isPresent() ? 0 : 1]++;
                    for (Reader reader : Reader.values()) {
                        long before = threads.getCurrentThreadAllocatedBytes();
                        String problem = check(reader, f, expected);
                        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                        maxAllocated[0] = Math.max(maxAllocated[0], allocated);
                        if (allocated > MAX_ALLOCATED_PER_READ) {
                            problem = (problem == null ? "" : problem + "; ") + "allocated " + allocated / (1 << 20)
                                    + " MiB for a file of " + mutant.bytes().length + " bytes";
                        }
                        if (problem != null) {
                            failures.add(reader + ", " + mutant.what() + " of file " + valid.indexOf(v) + ": " + problem);
                        }
                    }
                    Files.delete(f);
                }
            }
        });
        System.out.printf("IdxFuzzTest: %d mutants, %d still valid IDX, %d invalid; max heap allocated by one read"
                + " %.1f MB%n", outcomes[0] + outcomes[1], outcomes[0], outcomes[1], maxAllocated[0] / 1e6);
        if (!failures.isEmpty()) {
            fail(failures.size() + " reads misbehaved:\n" + String.join("\n", failures));
        }
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, "both outcomes occur");
    }

    /** The three ways vae4j reads an IDX file. */
    enum Reader { IDX_FILE, RECORD_READER, DATASETS }

    /** @return null if the reader behaved, else what went wrong */
    private static String check(Reader reader, Path f, Optional<Parsed> expected) {
        try {
            switch (reader) {
                case IDX_FILE -> {
                    IdxFile read = IdxFile.read(f);
                    if (expected.isEmpty()) {
                        return "read " + read + " but the bytes are not a valid IDX file";
                    }
                    Parsed p = expected.get();
                    byte[] data = new byte[read.data().remaining()];
                    read.data().get(data);
                    if (read.type().code() != p.typeCode() || !Arrays.equals(read.dims(), p.dims())
                            || !Arrays.equals(data, p.data())) {
                        return "read " + read + ", which differs from the bytes";
                    }
                }
                case RECORD_READER -> {
                    IdxRecordReader r = new IdxRecordReader();
                    r.initialize(f);
                    int records = 0;
                    List<Writable> last = null;
                    while (r.hasNext()) {
                        last = r.next();
                        records++;
                    }
                    r.close();
                    if (expected.isEmpty()) {
                        return "read " + records + " records but the bytes are not a valid IDX file";
                    }
                    if (records != expected.get().dims()[0]) {
                        return "read " + records + " records, expected " + expected.get().dims()[0];
                    }
                    if (last != null && last.size() != expectedExampleSize(expected.get())) {
                        return "a record of " + last.size() + " values";
                    }
                }
                default -> {
                    LoadedDataset ds = Datasets.load(DataSpec.parse("idx:" + f), DataOptions.defaults());
                    if (expected.isEmpty()) {
                        return "loaded " + ds.name() + " but the bytes are not a valid IDX file";
                    }
                    if (ds.inputDim() != expectedExampleSize(expected.get())) {
                        return "input dimension " + ds.inputDim();
                    }
                }
            }
            return null;
        } catch (DatasetException e) {
            if (!e.getMessage().contains(f.getFileName().toString())) {
                return "the message does not name the file: " + e.getMessage();
            }
            return null;
        } catch (Throwable t) {
            return t.toString();
        }
    }

    private static long expectedExampleSize(Parsed p) {
        long size = 1;
        for (int i = 1; i < p.dims().length; i++) {
            size *= p.dims()[i];
        }
        return size;
    }

    /** Before the fix IdxFile.read allocated 1 GiB for this 20-byte file (IdxRecordReader allocated its record likewise). */
    @Test
    void aHeaderThatDeclaresAGigabyteCostsNoGigabyte() throws IOException {
        byte[] plain = IdxFixtures.concat(IdxFixtures.header(0x08, 1, 1 << 30), IdxFixtures.bytes(12, 1));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (byte[] content : List.of(plain, IdxFixtures.gzip(plain))) {
            Path f = IdxFixtures.write(dir, "huge.idx", content);
            for (Reader reader : Reader.values()) {
                long before = threads.getCurrentThreadAllocatedBytes();
                assertEquals(null, check(reader, f, Optional.empty()), reader.toString());
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < MAX_ALLOCATED_PER_READ, reader + " allocated " + allocated + " bytes");
            }
            String m = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class, () -> IdxFile.read(f))
                    .getMessage();
            assertTrue(m.contains("truncated: the header declares 1×1073741824 uint8 values"), m);
        }
    }
}
