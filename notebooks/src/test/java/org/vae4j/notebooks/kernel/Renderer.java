package org.vae4j.notebooks.kernel;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns a value into MIME bundles as IJava's renderer does for the types the notebooks use:
 * images become {@code image/png}, everything else its {@code String.valueOf} as {@code text/plain}.
 */
final class Renderer {
    private Renderer() {
    }

    static Map<String, byte[]> render(Object value) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (value instanceof RenderedImage image) {
            data.put("image/png", png(image));
            data.put("text/plain", text(describe(image)));
        } else {
            data.put("text/plain", text(String.valueOf(value)));
        }
        return data;
    }

    private static String describe(RenderedImage image) {
        return "<" + image.getClass().getSimpleName() + " " + image.getWidth() + "x" + image.getHeight() + ">";
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalArgumentException("no PNG writer for " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the image as PNG", e);
        }
        return bytes.toByteArray();
    }
}
