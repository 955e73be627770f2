package org.vae4j.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Lenient, well-explained parsing of enum constants from user text ("leaky-relu" → LEAKY_RELU). */
public final class Enums {
    private Enums() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is missing; expected one of " + choices(type));
        }
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "'; expected one of " + choices(type));
    }

    public static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
    }
}
