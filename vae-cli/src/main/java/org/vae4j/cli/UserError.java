package org.vae4j.cli;

/** A problem with what the user gave (options, files, data): exit code 2, message only. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }

    UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
