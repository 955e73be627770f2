package org.vae4j.datasets.idx;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.DoubleWritable;
import org.datavec.api.writable.FloatWritable;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.datasets.DatasetException;

/**
 * A DataVec {@link org.datavec.api.records.reader.RecordReader} over an IDX file (plain or gzip, any
 * element type, any number of dimensions), with an optional IDX labels file.
 *
 * <p>Each record is one example (one slice along the first dimension), flattened row-major. In the
 * default {@link Format#VALUES} format it is one {@link Writable} per value ({@link IntWritable} for
 * the integer types, {@link FloatWritable} for float32, {@link DoubleWritable} for float64); in
 * {@link Format#NDARRAY} format one {@link NDArrayWritable} of shape [1, D] (float32). If a labels
 * file is given, its label is appended as a last {@link IntWritable}, as DataVec's readers do.
 *
 * <p>Initialize with an {@link InputSplit} whose first location is the images file and whose
 * optional second location is the labels file (a {@link CollectionInputSplit} keeps that order),
 * or with {@link #initialize(Path)} / {@link #initialize(Path, Path)}. The images file is streamed
 * record by record; the labels file is read whole at initialization. The reader is as strict as
 * {@link IdxFile#read(Path)}: it fails with a {@link DatasetException} on a bad header, a truncated
 * file, trailing bytes (detected when the last record is read) or images and labels of different
 * counts.
 */
public class IdxRecordReader extends BaseRecordReader {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(IdxRecordReader.class);

    /** How a record holds an example's values. */
    public enum Format {
        /** One Writable per value. */
        VALUES,
        /** One NDArrayWritable of shape [1, D], float32. */
        NDARRAY
    }

    private final Format format;
    private Configuration conf = new Configuration();
    private URI imagesUri;
    private URI labelsUri;
    private transient InputStream in;
    private transient IdxHeader header;
    private transient int[] labels;
    private transient List<String> labelNames = List.of();
    private transient byte[] recordBytes;
    private transient int recordSize;
    private transient int position;
    private transient IdxFile loaded;

    /** A reader producing one Writable per value. */
    public IdxRecordReader() {
        this(Format.VALUES);
    }

    /** @param format how a record holds an example's values */
    public IdxRecordReader(Format format) {
        this.format = format;
    }

    @Override
    public void initialize(InputSplit split) throws IOException {
        URI[] locations = split.locations();
        if (locations.length < 1 || locations.length > 2) {
            throw new DatasetException("IdxRecordReader: the input split has " + locations.length
                    + " locations; expected 1 (an IDX images file) or 2 (images, then labels)");
        }
        this.inputSplit = split;
        open(locations[0], locations.length == 2 ? locations[1] : null);
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) throws IOException {
        setConf(conf);
        initialize(split);
    }

    /** Reads the examples of an IDX file, without labels. */
    public void initialize(Path images) {
        open(images.toUri(), null);
    }

    /** Reads the examples of an IDX file with the labels of a second IDX file (1-d, integer type). */
    public void initialize(Path images, Path labels) {
        open(images.toUri(), labels.toUri());
    }

    private void open(URI images, URI labelsLocation) {
        closeStream();
        this.imagesUri = images;
        this.labelsUri = labelsLocation;
        this.loaded = null;
        this.labels = null;
        this.labelNames = List.of();
        if (labelsLocation != null) {
            IdxFile labelFile = readWhole(labelsLocation);
            if (labelFile.dims().length != 1) {
                throw new DatasetException(labelFile.source() + ": a labels file must have 1 dimension (one"
                        + " label per example), found " + IdxHeader.shape(labelFile.dims())
                        + "; is this the images file?");
            }
            this.labels = labelFile.toIntArray();
            TreeSet<Integer> distinct = new TreeSet<>();
            for (int l : labels) {
                distinct.add(l);
            }
            List<String> names = new ArrayList<>();
            distinct.forEach(l -> names.add(Integer.toString(l)));
            this.labelNames = List.copyOf(names);
        }
        openImages();
        if (labels != null && labels.length != header.count()) {
            String labelsSource = describe(labelsLocation);
            closeStream();
            throw new DatasetException(header.source() + " has " + header.count() + " examples but "
                    + labelsSource + " has " + labels.length + " labels; images and labels must have the"
                    + " same count: are they from the same set (train / t10k)?");
        }
        LOG.debug("IDX reader over {} ({} {}), labels {}", header.source(), header.type(), header.shape(),
                labelsLocation == null ? "none" : describe(labelsLocation));
    }

    private void openImages() {
        String source = describe(imagesUri);
        this.in = openStream(imagesUri);
        try {
            this.header = IdxHeader.read(in, source);
            int recordSize = header.exampleSize() * header.type().bytes();
            // allocated by the first record's read, so a header declaring huge examples costs nothing
            this.recordBytes = recordBytes != null && recordBytes.length == recordSize ? recordBytes : null;
            this.recordSize = recordSize;
            this.position = 0;
            if (header.count() == 0) {
                header.checkNoTrailing(IdxInput.countRemaining(in));
            }
        } catch (IOException e) {
            closeStream();
            throw new DatasetException(source + ": cannot be read (" + e + ")", e);
        } catch (RuntimeException e) {
            closeStream();
            throw e;
        }
    }

    private InputStream openStream(URI uri) {
        if ("file".equals(uri.getScheme())) {
            return IdxInput.open(Path.of(uri));
        }
        try {
            InputStream raw = streamCreatorFn != null ? streamCreatorFn.apply(uri) : uri.toURL().openStream();
            return IdxInput.wrap(raw, uri.toString());
        } catch (IOException e) {
            throw new DatasetException(uri + ": cannot be opened (" + e + ")", e);
        }
    }

    private IdxFile readWhole(URI uri) {
        try (InputStream s = openStream(uri)) {
            return IdxFile.readBody(s, describe(uri));
        } catch (IOException e) {
            throw new DatasetException(describe(uri) + ": cannot be read (" + e + ")", e);
        }
    }

    private static String describe(URI uri) {
        return "file".equals(uri.getScheme()) ? Path.of(uri).toString() : uri.toString();
    }

    private void checkInitialized() {
        if (header == null) {
            throw new IllegalStateException("IdxRecordReader is not initialized: call initialize(...) first");
        }
    }

    /** @return the shape of one example (the IDX dims without the first), e.g. {28, 28} */
    public int[] exampleShape() {
        checkInitialized();
        int[] dims = header.dims();
        int[] shape = new int[dims.length - 1];
        System.arraycopy(dims, 1, shape, 0, shape.length);
        return shape;
    }

    /** @return the number of examples the file declares */
    public int count() {
        checkInitialized();
        return header.count();
    }

    /** @return the element type of the images file */
    public IdxType type() {
        checkInitialized();
        return header.type();
    }

    @Override
    public boolean batchesSupported() {
        return true;
    }

    @Override
    public List<List<Writable>> next(int num) {
        List<List<Writable>> batch = new ArrayList<>(Math.min(num, 1024));
        while (batch.size() < num && hasNext()) {
            batch.add(next());
        }
        return batch;
    }

    @Override
    public boolean hasNext() {
        checkInitialized();
        return position < header.count();
    }

    @Override
    public List<Writable> next() {
        if (!hasNext()) {
            throw new NoSuchElementException(header.source() + ": all " + header.count()
                    + " records have been read; call reset() to read them again");
        }
        try {
            int n;
            if (recordBytes == null) {
                byte[] first = IdxInput.readUpTo(in, recordSize);
                n = first.length;
                recordBytes = n == recordSize ? first : null;
            } else {
                n = in.readNBytes(recordBytes, 0, recordSize);
            }
            if (n < recordSize) {
                header.checkComplete((long) position * recordSize + n);
            }
            position++;
            if (position == header.count()) {
                header.checkNoTrailing(IdxInput.countRemaining(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(header.source() + ": read failed at example " + position, e);
        }
        List<Writable> record = toWritables(ByteBuffer.wrap(recordBytes).order(ByteOrder.BIG_ENDIAN), 0);
        if (labels != null) {
            record.add(new IntWritable(labels[position - 1]));
        }
        invokeListeners(record);
        return record;
    }

    private List<Writable> toWritables(ByteBuffer buf, int byteOffset) {
        int size = header.exampleSize();
        IdxType type = header.type();
        List<Writable> out = new ArrayList<>(format == Format.VALUES ? size + 1 : 2);
        if (format == Format.NDARRAY) {
            float[] values = new float[size];
            for (int k = 0; k < size; k++) {
                values[k] = (float) type.get(buf, byteOffset + k * type.bytes());
            }
            out.add(new NDArrayWritable(Nd4j.create(values, new long[] {1, size}, 'c')));
            return out;
        }
        for (int k = 0; k < size; k++) {
            double v = type.get(buf, byteOffset + k * type.bytes());
            out.add(switch (type) {
                case FLOAT32 -> new FloatWritable((float) v);
                case FLOAT64 -> new DoubleWritable(v);
                default -> new IntWritable((int) v);
            });
        }
        return out;
    }

    /** @return the distinct label values as strings, sorted; empty without a labels file */
    @Override
    public List<String> getLabels() {
        return labelNames;
    }

    @Override
    public void reset() {
        checkInitialized();
        closeStream();
        openImages();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Not supported: an IDX record only makes sense inside its file. */
    @Override
    public List<Writable> record(URI uri, DataInputStream dataInputStream) {
        throw new UnsupportedOperationException("IdxRecordReader reads whole IDX files, not single records"
                + " from a stream; use initialize(...) and next()");
    }

    @Override
    public Record nextRecord() {
        List<Writable> record = next();
        return new org.datavec.api.records.impl.Record(record,
                new RecordMetaDataIndex(position - 1, imagesUri, IdxRecordReader.class));
    }

    @Override
    public Record loadFromMetaData(RecordMetaData recordMetaData) {
        return loadFromMetaData(List.of(recordMetaData)).get(0);
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> recordMetaDatas) {
        checkInitialized();
        if (loaded == null) {
            loaded = readWhole(imagesUri);
        }
        ByteBuffer all = loaded.data();
        int recordSize = loaded.exampleSize() * loaded.type().bytes();
        List<Record> out = new ArrayList<>(recordMetaDatas.size());
        for (RecordMetaData meta : recordMetaDatas) {
            if (!(meta instanceof RecordMetaDataIndex index) || !imagesUri.equals(meta.getURI())) {
                throw new IllegalArgumentException("expected RecordMetaDataIndex for " + imagesUri
                        + " (as made by nextRecord()), found " + meta);
            }
            long i = index.getIndex();
            if (i < 0 || i >= loaded.count()) {
                throw new IllegalArgumentException("record index " + i + " is outside [0, " + loaded.count()
                        + ") of " + loaded.source());
            }
            List<Writable> record = toWritables(all, Math.toIntExact(i * recordSize));
            if (labels != null) {
                record.add(new IntWritable(labels[(int) i]));
            }
            out.add(new org.datavec.api.records.impl.Record(record, meta));
        }
        return out;
    }

    @Override
    public void close() {
        closeStream();
    }

    private void closeStream() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed", imagesUri, e);
            }
            in = null;
        }
    }

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }
}
