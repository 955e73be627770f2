package org.vae4j.datasets.idx;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The element types of the IDX format: the third byte of the magic number. Values are stored
 * big-endian.
 */
public enum IdxType {
    /** 0x08: unsigned byte. */
    UINT8(0x08, 1, "uint8") {
        @Override
        double get(ByteBuffer data, int byteIndex) {
            return data.get(byteIndex) & 0xFF;
        }

        @Override
        void put(ByteBuffer data, double value) {
            data.put((byte) checkedInteger(value, 0, 255));
        }
    },
    /** 0x09: signed byte. */
    INT8(0x09, 1, "int8") {
        @Override
        double get(ByteBuffer data, int byteIndex) {
            return data.get(byteIndex);
        }

        @Override
        void put(ByteBuffer data, double value) {
            data.put((byte) checkedInteger(value, Byte.MIN_VALUE, Byte.MAX_VALUE));
        }
    },
    /** 0x0B: signed 16-bit integer. */
    INT16(0x0B, 2, "int16") {
        @Override
        double get(ByteBuffer data, int byteIndex) {
            return data.getShort(byteIndex);
        }

        @Override
        void put(ByteBuffer data, double value) {
            data.putShort((short) checkedInteger(value, Short.MIN_VALUE, Short.MAX_VALUE));
        }
    },
    /** 0x0C: signed 32-bit integer. */
    INT32(0x0C, 4, "int32") {
        @Override
        double get(ByteBuffer data, int byteIndex) {
            return data.getInt(byteIndex);
        }

        @Override
        void put(ByteBuffer data, double value) {
            data.putInt((int) checkedInteger(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
    },
    /** 0x0D: IEEE 754 single precision. */
    FLOAT32(0x0D, 4, "float32") {
        @Override
        double get(ByteBuffer data, int byteIndex) {
            return data.getFloat(byteIndex);
        }

        @Override
        void put(ByteBuffer data, double value) {
            data.putFloat((float) value);
        }
    },
    /** 0x0E: IEEE 754 double precision. */
    FLOAT64(0x0E, 8, "float64") {
        @Override
        double get(ByteBuffer data, int byteIndex) {
            return data.getDouble(byteIndex);
        }

        @Override
        void put(ByteBuffer data, double value) {
            data.putDouble(value);
        }
    };

    private final int code;
    private final int bytes;
    private final String label;

    IdxType(int code, int bytes, String label) {
        this.code = code;
        this.bytes = bytes;
        this.label = label;
    }

    /** @return the type code as stored in the magic number (0x08 … 0x0E) */
    public int code() {
        return code;
    }

    /** @return bytes per element */
    public int bytes() {
        return bytes;
    }

    /** @return true for the integer types (the only ones allowed in a labels file) */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }

    /** @return the type for a code, or empty if the code is not one of the six IDX types */
    public static Optional<IdxType> fromCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** @return a list of the accepted codes for error messages */
    static String acceptedCodes() {
        StringBuilder sb = new StringBuilder();
        for (IdxType t : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(String.format("0x%02X (%s)", t.code, t.label));
        }
        return sb.toString();
    }

    abstract double get(ByteBuffer data, int byteIndex);

    abstract void put(ByteBuffer data, double value);

    private static long checkedInteger(double value, long min, long max) {
        if (value != Math.rint(value) || value < min || value > max) {
            throw new IllegalArgumentException(
                    "value " + value + " is not an integer in [" + min + ", " + max + "]");
        }
        return (long) value;
    }

    /** @return the lower-case name used in the IDX literature ("uint8", "float32", …) */
    @Override
    public String toString() {
        return label;
    }
}
