package org.vae4j.cli;

/** Entry point of the {@code vae} command (placeholder until the commands land). */
public final class VaeCli {
    private VaeCli() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
