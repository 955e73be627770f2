package org.vae4j.datasets;

/**
 * A known dataset and whether it is available here, for a {@code vae datasets} listing.
 *
 * @param name the spec name ({@code mnist-10k}, {@code mnist}, {@code fashion-mnist})
 * @param description what it holds
 * @param found whether it can be loaded
 * @param where where it was found, or "not found: looked in …" with how to get it
 */
public record DatasetInfo(String name, String description, boolean found, String where) {
}
