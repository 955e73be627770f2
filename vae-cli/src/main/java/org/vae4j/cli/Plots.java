package org.vae4j.cli;

import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.vae4j.core.train.EpochSummary;

/** The training curve: ELBO per epoch, training and validation. */
final class Plots {
    private Plots() {
    }

    static BufferedImage elboCurve(List<EpochSummary> history, String title) {
        XYChart chart = new XYChartBuilder().width(640).height(400).title(title)
                .xAxisTitle("epoch").yAxisTitle("ELBO (nats per example)").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        double[] epochs = history.stream().mapToDouble(EpochSummary::epoch).toArray();
        chart.addSeries("train", epochs, history.stream().mapToDouble(EpochSummary::elbo).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        if (history.stream().allMatch(e -> e.validationElbo() != null)) {
            chart.addSeries("validation", epochs,
                    history.stream().mapToDouble(EpochSummary::validationElbo).toArray())
                    .setMarker(SeriesMarkers.DIAMOND);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
}
