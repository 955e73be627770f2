package org.vae4j.core.io;

/** A model file that cannot be used: the message names the file, what is wrong and what to do. */
public final class ModelFileException extends RuntimeException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
