package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.io.Json;

/** Black-box tests of every command on one small model trained once. */
class CliCommandsTest {
    @TempDir
    static Path dir;
    static Path run;
    static Cli trained;

    @BeforeAll
    static void trainSmallModel() {
        run = dir.resolve("run");
        trained = Cli.run("train", "--out", run.toString(), "--epochs", "2", "--hidden", "64", "--latent", "4",
                "--batch-size", "100", "--seed", "3");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static BufferedImage png(Path p) throws Exception {
        BufferedImage img = ImageIO.read(p.toFile());
        assertNotNull(img, p + " is not a PNG");
        return img;
    }

    @Test
    void trainWritesModelMetricsHistoryConfigAndPictures() throws Exception {
        assertEquals(0, trained.code(), trained.toString());
        assertTrue(trained.out().contains("trained 2 epochs on mnist-10k"), trained.out());
        assertTrue(trained.err().contains("epoch 2/2"), "progress lines on stderr when not a terminal");
        assertFalse(trained.err().contains("Added differentiated op") || trained.out().contains("Added differentiated op"));
        assertFalse(trained.err().contains("INFO") || trained.err().contains("Duplicate TF op mapping"),
                "no library chatter without --verbose:\n" + trained.err());
        JsonNode metrics = json(Files.readString(run.resolve("metrics.json")));
        for (String key : List.of("train_elbo", "train_reconstruction", "train_kl", "validation_elbo", "epochs",
                "seconds", "examples_per_second")) {
            assertTrue(metrics.has(key), "metrics.json lacks " + key);
        }
        assertEquals(2, metrics.get("epochs").asInt());
        assertTrue(metrics.get("validation_elbo").asDouble() < 0);
        List<String> history = Files.readAllLines(run.resolve("history.csv"));
        assertEquals(3, history.size());
        assertTrue(history.get(0).startsWith("epoch,seconds,train_elbo,train_reconstruction,train_kl,validation_elbo"));
        assertTrue(history.get(2).startsWith("2,"));
        JsonNode cfg = json(Files.readString(run.resolve("config.json")));
        assertEquals(64, cfg.at("/model/encoderHidden/0").asInt());
        assertEquals(784, cfg.at("/model/inputDim").asInt());
        BufferedImage samples = png(run.resolve("samples.png"));
        assertEquals(8 * 58 + 2, samples.getWidth());
        assertEquals(8 * 58 + 2, samples.getHeight());
        BufferedImage recon = png(run.resolve("reconstructions.png"));
        assertEquals(4 * 58 + 2, recon.getHeight(), "two blocks of originals + reconstructions");
        png(run.resolve("training-curve.png"));
    }

    @Test
    void evaluateJsonHasTheDocumentedKeys() throws Exception {
        Cli c = Cli.run("evaluate", "--model", run.resolve("model.vae").toString(), "--iw-samples", "5", "--json");
        assertEquals(0, c.code(), c.toString());
        JsonNode r = json(c.out());
        for (String key : List.of("elbo", "reconstruction_log_likelihood", "kl", "log_likelihood", "iw_samples",
                "examples", "bits_per_dim")) {
            assertTrue(r.has(key), "missing " + key + " in " + c.out());
        }
        assertEquals(1000, r.get("examples").asInt(), "mnist-10k's test split");
        assertTrue(r.get("elbo").asDouble() > -600, "Bernoulli ELBO on [0,1] pixels, no Jacobian: " + c.out());
        assertTrue(r.get("log_likelihood").asDouble() >= r.get("elbo").asDouble() - 1.0);
        assertEquals(-r.get("log_likelihood").asDouble() / (784 * Math.log(2)), r.get("bits_per_dim").asDouble(), 1e-9);
    }

    @Test
    void evaluateWithoutIwReportsElboOnlyAsATable() {
        Cli c = Cli.run("evaluate", "--model", run.toString(), "--iw-samples", "0", "--split", "validation");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("ELBO") && !c.out().contains("log p(x) (IW"), c.out());
        assertTrue(c.err().contains("evaluating: 500 of 1000 examples"), "progress lines when not a terminal: " + c.err());
        Cli quiet = Cli.run("evaluate", "--model", run.toString(), "--iw-samples", "0", "--quiet");
        assertFalse(quiet.err().contains("evaluating"), quiet.err());
    }

    @Test
    void sampleCommandWritesGridOfRequestedSize() throws Exception {
        Path out = dir.resolve("nine.png");
        Cli c = Cli.run("sample", "--model", run.resolve("model.vae").toString(), "--count", "9", "--out", out.toString());
        assertEquals(0, c.code(), c.toString());
        BufferedImage img = png(out);
        assertEquals(3 * 58 + 2, img.getWidth());
        assertEquals(3 * 58 + 2, img.getHeight());
    }

    @Test
    void reconstructInterpolateEncodeScoreAndInfoWork() throws Exception {
        String model = run.resolve("model.vae").toString();
        Path recon = dir.resolve("recon.png");
        Cli c = Cli.run("reconstruct", "--model", model, "--data", "mnist-10k", "--count", "8", "--out", recon.toString());
        assertEquals(0, c.code(), c.toString());
        assertEquals(2 * 58 + 2, png(recon).getHeight());

        Path interp = dir.resolve("interp.png");
        c = Cli.run("interpolate", "--model", model, "--data", "mnist-10k", "--from", "0", "--to", "5", "--steps", "7",
                "--out", interp.toString());
        assertEquals(0, c.code(), c.toString());
        assertEquals(7 * 58 + 2, png(interp).getWidth());

        Path latents = dir.resolve("latents.csv");
        c = Cli.run("encode", "--model", model, "--data", "mnist-10k", "--out", latents.toString());
        assertEquals(0, c.code(), c.toString());
        List<String> rows = Files.readAllLines(latents);
        assertEquals("index,label,mu_0,mu_1,mu_2,mu_3,logvar_0,logvar_1,logvar_2,logvar_3", rows.get(0));
        assertEquals(1001, rows.size());

        Path scores = dir.resolve("scores.csv");
        c = Cli.run("score", "--model", model, "--data", "mnist-10k", "--iw-samples", "3", "--out", scores.toString());
        assertEquals(0, c.code(), c.toString());
        List<String> s = Files.readAllLines(scores);
        assertEquals("index,label,log_likelihood,elbo,reconstruction_probability", s.get(0));
        assertEquals(1001, s.size());

        c = Cli.run("info", "--model", model);
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("784-64-4") && c.out().contains("2 epochs") && c.out().contains("mnist-10k"), c.out());
        c = Cli.run("info", "--model", model, "--json");
        assertEquals(2, json(c.out()).get("history").size());
    }

    @Test
    void datasetsListsTheEmbeddedDefaultAsFound() {
        Cli c = Cli.run("datasets");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("mnist-10k") && c.out().contains("fashion-mnist"), c.out());
    }

    @Test
    void resumeContinuesFromTheLastCheckpoint() throws Exception {
        Path r = dir.resolve("resume");
        Cli first = Cli.run("train", "--out", r.toString(), "--epochs", "1", "--hidden", "32", "--latent", "2", "--seed", "5");
        assertEquals(0, first.code(), first.toString());
        Cli more = Cli.run("train", "--resume", r.toString(), "--epochs", "2");
        assertEquals(0, more.code(), more.toString());
        assertTrue(more.err().contains("epoch 2/2") && !more.err().contains("epoch 1/2"), more.err());
        assertEquals(3, Files.readAllLines(r.resolve("history.csv")).size());
    }

    @Test
    void gaussianDecoderOnCsvDataWritesCsvOutputs() throws Exception {
        Path csv = dir.resolve("table.csv");
        StringBuilder sb = new StringBuilder("a,b,c,d,e\n");
        java.util.Random rnd = new java.util.Random(1);
        for (int i = 0; i < 300; i++) {
            double t = rnd.nextGaussian();
            sb.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%.4f%n", 10 + t, 20 - 2 * t,
                    t * t, 5 + rnd.nextGaussian(), 100 * t));
        }
        Files.writeString(csv, sb.toString());
        Path out = dir.resolve("csvrun");
        Cli c = Cli.run("train", "--data", "csv:" + csv + "?header=true", "--normalize", "standard", "--decoder",
                "gaussian", "--hidden", "16", "--latent", "2", "--epochs", "3", "--batch-size", "50", "--out", out.toString());
        assertEquals(0, c.code(), c.toString());
        assertTrue(Files.exists(out.resolve("samples.csv")) && Files.exists(out.resolve("reconstructions.csv")));
        Cli e = Cli.run("evaluate", "--model", out.toString(), "--json", "--iw-samples", "10");
        assertEquals(0, e.code(), e.toString());
        assertTrue(json(e.out()).get("units").asText().contains("original units"), e.out());
    }
}
