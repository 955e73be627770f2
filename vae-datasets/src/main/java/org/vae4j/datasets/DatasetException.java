package org.vae4j.datasets;

/**
 * Bad input data or a bad dataset request: a malformed IDX or CSV file, a dataset that cannot be
 * found, an unparseable dataset spec. The message names the file (and line and column where that
 * applies), says what was expected, what was found and what to do.
 *
 * <p>It is an {@link IllegalArgumentException} so that command-line code can map it to a usage
 * error (exit code 2) without catching checked exceptions.
 */
public class DatasetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what was expected, what was found, and what to do */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * @param message what was expected, what was found, and what to do
     * @param cause the low-level error (I/O, parsing) behind it
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
