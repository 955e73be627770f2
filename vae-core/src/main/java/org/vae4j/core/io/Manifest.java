package org.vae4j.core.io;

import java.util.Map;

/**
 * The first entry of a model file.
 *
 * @param format        always {@value ModelFile#FORMAT}
 * @param formatVersion the layout version; readers refuse newer ones
 * @param toolkit       the vae4j version that wrote it
 * @param created       ISO-8601 time of writing
 * @param sha256        checksum of every other entry, by name
 */
public record Manifest(String format, int formatVersion, String toolkit, String created, Map<String, String> sha256) {
}
