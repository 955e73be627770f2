import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The two pictures of docs/benchmarks.md, drawn from committed results with XChart (which the
 * runnable jar bundles):
 *
 * <pre>
 *   java -cp vae-cli/target/vae-cli-0.1.0-SNAPSHOT-all.jar benchmarks/PlotBenchmarks.java \
 *       speed  docs/img/speed-vs-pytorch.png  LABEL=RESULT_DIR ...
 *   java -cp ... benchmarks/PlotBenchmarks.java  iwae  docs/img/iwae-curve.png  benchmarks/results/iwae-table1-s6
 * </pre>
 *
 * speed: for each LABEL=DIR, the vae4j rows' "vs PyTorch" ratios of DIR/table.md (a training
 * table has one, the evaluation table two: inference and IW); iwae: DIR/curve.csv (test log p(x)
 * with K_CURVE samples and the ELBO against passes) and the paper's −86.76.
 */
public final class PlotBenchmarks {
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: speed OUT.png LABEL=DIR... | iwae OUT.png DIR");
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        if (args[0].equals("speed")) {
            speed(out, List.of(args).subList(2, args.length));
        } else {
            iwae(out, Path.of(args[2]));
        }
    }

    private static void speed(Path out, List<String> specs) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (String spec : specs) {
            String label = spec.substring(0, spec.indexOf('='));
            Path table = Path.of(spec.substring(spec.indexOf('=') + 1), "table.md");
            for (String line : Files.readAllLines(table)) {
                if (!line.startsWith("| vae4j")) {
                    continue;
                }
                List<Double> found = new ArrayList<>();
                for (String cell : line.split("\\|")) {
                    String c = cell.trim().replace("*", "");
                    if (c.endsWith("×")) {
                        found.add(Double.parseDouble(c.substring(0, c.length() - 1)));
                    }
                }
                if (found.size() == 1) {
                    labels.add(label);
                    ratios.add(found.get(0));
                } else if (found.size() == 2) {
                    labels.add(label + ": inference");
                    ratios.add(found.get(0));
                    labels.add(label + ": IW K=1000");
                    ratios.add(found.get(1));
                }
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(480)
                .title("vae4j time relative to PyTorch 1.13 (same run, 2 threads; below 1 is faster)")
                .yAxisTitle("time / PyTorch's time").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLabelsVisible(true);
        chart.addSeries("vae4j", labels, ratios);
        chart.addSeries("PyTorch", labels, labels.stream().map(l -> 1.0).toList());
        BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void iwae(Path out, Path dir) throws IOException {
        List<Double> passes = new ArrayList<>();
        List<Double> ll = new ArrayList<>();
        List<Double> elbo = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("curve.csv"));
        String k = "";
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            passes.add(Double.parseDouble(f[0]));
            elbo.add(Double.parseDouble(f[2]));
            ll.add(Double.parseDouble(f[3]));
            k = f[4];
        }
        XYChart chart = new XYChartBuilder().width(800).height(480)
                .title("IWAE paper's VAE row (784-200-200-50 tanh): test set")
                .xAxisTitle("passes over the training set (log scale)").yAxisTitle("nats per image").build();
        chart.getStyler().setXAxisLogarithmic(true);
        XYSeries a = chart.addSeries("log p(x), IW K=" + k, passes, ll);
        a.setMarker(SeriesMarkers.CIRCLE);
        XYSeries b = chart.addSeries("ELBO", passes, elbo);
        b.setMarker(SeriesMarkers.DIAMOND);
        double last = passes.get(passes.size() - 1);
        chart.addSeries("paper, 3280 passes, K=5000: -86.76", List.of(passes.get(0), Math.max(last, 3280.0)),
                List.of(-86.76, -86.76)).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
