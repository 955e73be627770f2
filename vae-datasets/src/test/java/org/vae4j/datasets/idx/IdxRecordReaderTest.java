package org.vae4j.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.datasets.idx.IdxFixtures.bytes;
import static org.vae4j.datasets.idx.IdxFixtures.concat;
import static org.vae4j.datasets.idx.IdxFixtures.gzip;
import static org.vae4j.datasets.idx.IdxFixtures.header;
import static org.vae4j.datasets.idx.IdxFixtures.write;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.DoubleWritable;
import org.datavec.api.writable.FloatWritable;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vae4j.datasets.DatasetException;

class IdxRecordReaderTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(IdxType.class)
    void readsEveryTypeRecordByRecord(IdxType type) throws IOException {
        double[] values = IdxFileTest.valuesFor(type);
        Path p = tmp.resolve("x");
        IdxFile.of(type, new int[] {2, 3, 2}, values).write(p, type.ordinal() % 2 == 0);
        IdxRecordReader reader = new IdxRecordReader();
        reader.initialize(p);
        assertArrayEquals(new int[] {3, 2}, reader.exampleShape());
        int k = 0;
        while (reader.hasNext()) {
            List<Writable> record = reader.next();
            assertEquals(6, record.size());
            for (Writable w : record) {
                Class<?> expected = switch (type) {
                    case FLOAT32 -> FloatWritable.class;
                    case FLOAT64 -> DoubleWritable.class;
                    default -> IntWritable.class;
                };
                assertInstanceOf(expected, w);
                assertEquals(type == IdxType.FLOAT32 ? (float) values[k] : values[k], w.toDouble(), "value " + k);
                k++;
            }
        }
        assertEquals(12, k);
        reader.close();
    }

    @Test
    void appendsLabelAsLastWritableAndListsLabels() throws IOException {
        Path images = write(tmp, "img", gzip(IdxFixtures.images(3, 2, 2)));
        Path labels = write(tmp, "lab", IdxFixtures.labels(7, 2, 7));
        IdxRecordReader reader = new IdxRecordReader();
        reader.initialize(new CollectionInputSplit(List.of(images.toUri(), labels.toUri())));
        assertEquals(List.of("2", "7"), reader.getLabels());
        List<Integer> seen = new ArrayList<>();
        while (reader.hasNext()) {
            List<Writable> r = reader.next();
            assertEquals(5, r.size());
            seen.add(r.get(4).toInt());
        }
        assertEquals(List.of(7, 2, 7), seen);
    }

    @Test
    void readsBatchesAndResets() throws IOException {
        Path images = write(tmp, "img", IdxFixtures.images(5, 2, 2));
        IdxRecordReader reader = new IdxRecordReader();
        reader.initialize(new FileSplit(images.toFile()));
        assertTrue(reader.batchesSupported());
        assertEquals(2, reader.next(2).size());
        assertEquals(3, reader.next(10).size());
        assertFalse(reader.hasNext());
        assertThrows(NoSuchElementException.class, reader::next);
        reader.reset();
        List<Writable> first = reader.next();
        assertEquals(List.of(0, 1, 2, 3), first.stream().map(Writable::toInt).toList());
        assertTrue(reader.getLabels().isEmpty());
    }

    @Test
    void producesNdArrayRecords() throws IOException {
        Path images = write(tmp, "img", IdxFixtures.images(2, 2, 3));
        Path labels = write(tmp, "lab", IdxFixtures.labels(1, 0));
        IdxRecordReader reader = new IdxRecordReader(IdxRecordReader.Format.NDARRAY);
        reader.initialize(images, labels);
        List<Writable> r = reader.next();
        assertEquals(2, r.size());
        NDArrayWritable features = assertInstanceOf(NDArrayWritable.class, r.get(0));
        assertArrayEquals(new long[] {1, 6}, features.get().shape());
        assertEquals(5.0, features.get().getDouble(0, 5));
        assertEquals(1, r.get(1).toInt());
    }

    @Test
    void loadsRecordsBackFromMetaData() throws IOException {
        Path images = write(tmp, "img", gzip(IdxFixtures.images(4, 1, 3)));
        Path labels = write(tmp, "lab", IdxFixtures.labels(0, 1, 2, 3));
        IdxRecordReader reader = new IdxRecordReader();
        reader.initialize(images, labels);
        List<RecordMetaData> metas = new ArrayList<>();
        List<List<Writable>> records = new ArrayList<>();
        while (reader.hasNext()) {
            Record r = reader.nextRecord();
            metas.add(r.getMetaData());
            records.add(r.getRecord());
        }
        List<Record> again = reader.loadFromMetaData(List.of(metas.get(2), metas.get(0)));
        assertEquals(records.get(2), again.get(0).getRecord());
        assertEquals(records.get(0), again.get(1).getRecord());
    }

    @Test
    void rejectsImagesAndLabelsOfDifferentCounts() throws IOException {
        Path images = write(tmp, "train-images", IdxFixtures.images(3, 2, 2));
        Path labels = write(tmp, "train-labels", IdxFixtures.labels(1, 2));
        String m = assertThrows(DatasetException.class, () -> new IdxRecordReader().initialize(images, labels))
                .getMessage();
        assertEquals(images + " has 3 examples but " + labels + " has 2 labels; images and labels must have"
                + " the same count: are they from the same set (train / t10k)?", m);
    }

    @Test
    void rejectsLabelsFileWithMoreThanOneDimension() throws IOException {
        Path images = write(tmp, "i", IdxFixtures.images(3, 2, 2));
        String m = assertThrows(DatasetException.class, () -> new IdxRecordReader().initialize(images, images))
                .getMessage();
        assertTrue(m.contains("a labels file must have 1 dimension (one label per example), found 3×2×2;"
                + " is this the images file?"), m);
    }

    @Test
    void rejectsBadMagicAtInitialization() throws IOException {
        Path p = write(tmp, "bad", concat(new byte[] {1, 2, 3, 4}, bytes(8, 0)));
        String m = assertThrows(DatasetException.class, () -> new IdxRecordReader().initialize(p)).getMessage();
        assertTrue(m.contains("found 0x01020304; is this an IDX file?"), m);
    }

    @Test
    void rejectsTruncationWhenReachingTheMissingRecord() throws IOException {
        Path p = write(tmp, "t", concat(header(0x08, 3, 2), bytes(5, 1)));
        IdxRecordReader reader = new IdxRecordReader();
        reader.initialize(p);
        reader.next();
        reader.next();
        String m = assertThrows(DatasetException.class, reader::next).getMessage();
        assertTrue(m.contains("truncated: the header declares 3×2 uint8 values (6 data bytes) but the file"
                + " has only 5 data bytes"), m);
    }

    @Test
    void rejectsTrailingBytesWhenReadingTheLastRecord() throws IOException {
        Path p = write(tmp, "t", gzip(concat(header(0x08, 2, 2), bytes(4, 1), bytes(2, 9))));
        IdxRecordReader reader = new IdxRecordReader();
        reader.initialize(p);
        reader.next();
        String m = assertThrows(DatasetException.class, reader::next).getMessage();
        assertTrue(m.contains("2 trailing bytes after the 4 data bytes"), m);
    }

    @Test
    void rejectsSplitWithThreeLocations() throws IOException {
        Path p = write(tmp, "i", IdxFixtures.images(1, 1, 1));
        URI u = p.toUri();
        String m = assertThrows(DatasetException.class,
                () -> new IdxRecordReader().initialize(new CollectionInputSplit(List.of(u, u, u)))).getMessage();
        assertTrue(m.contains("expected 1 (an IDX images file) or 2 (images, then labels)"), m);
    }
}
