package com.staffchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The latency-versus-rate plot of a run, as a small SVG file: asked rate (messages/s) across,
 * latency (ms) up, both on log scales (rates go from 100 to 4,000 and latencies from milliseconds
 * to seconds), one line per series, with the targets as dashed lines. Plain SVG text, no charting
 * library: it opens in any browser and diffs as text.
 */
final class LatencyPlot {

    /** One line: a name for the legend, an SVG colour, points (asked rate, latency ms). */
    record Series(String name, String colour, boolean dashed, List<double[]> points) {}

    /** A horizontal reference line, e.g. a target. */
    record Target(String name, double millis) {}

    private static final int WIDTH = 760;
    private static final int HEIGHT = 460;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private LatencyPlot() {}

    static void write(Path file, String title, List<Series> series, List<Target> targets) throws IOException {
        Files.writeString(file, svg(title, series, targets));
    }

    static String svg(String title, List<Series> series, List<Target> targets) {
        List<double[]> all = new ArrayList<>();
        series.forEach(s -> all.addAll(s.points()));
        double minX =
                all.stream().mapToDouble(p -> p[0]).filter(v -> v > 0).min().orElse(100);
        double maxX = all.stream().mapToDouble(p -> p[0]).max().orElse(1000);
        double minY = Math.min(
                1, all.stream().mapToDouble(p -> p[1]).filter(v -> v > 0).min().orElse(1));
        double maxY = Math.max(
                targets.stream().mapToDouble(Target::millis).max().orElse(100),
                all.stream().mapToDouble(p -> p[1]).max().orElse(100));
        double x0 = Math.pow(10, Math.floor(Math.log10(minX)));
        double x1 = Math.pow(10, Math.ceil(Math.log10(Math.max(maxX, x0 * 10))));
        double y0 = Math.pow(10, Math.floor(Math.log10(Math.max(minY, 0.01))));
        double y1 = Math.pow(10, Math.ceil(Math.log10(Math.max(maxY, y0 * 10))));
        Axis x = new Axis(x0, x1, LEFT, WIDTH - RIGHT);
        Axis y = new Axis(y0, y1, HEIGHT - BOTTOM, TOP);

        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">\n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(LEFT, 22, escape(title), "start", 14));
        for (double d = x0; d <= x1 * 1.0001; d *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                double v = d * m;
                if (v < x0 || v > x1 * 1.0001) {
                    continue;
                }
                svg.append(line(x.at(v), TOP, x.at(v), HEIGHT - BOTTOM, "#ddd", false));
                svg.append(text(x.at(v), HEIGHT - BOTTOM + 16, number(v), "middle", 11));
            }
        }
        for (double d = y0; d <= y1 * 1.0001; d *= 10) {
            svg.append(line(LEFT, y.at(d), WIDTH - RIGHT, y.at(d), "#ddd", false));
            svg.append(text(LEFT - 6, y.at(d) + 4, number(d), "end", 11));
        }
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM, "black", false));
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM, "black", false));
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 12, "asked rate (messages/s, log scale)", "middle", 12));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">"
                        + "latency (ms, log scale)</text>\n",
                (TOP + HEIGHT - BOTTOM) / 2.0,
                (TOP + HEIGHT - BOTTOM) / 2.0));
        int legendY = TOP + 10;
        for (Target t : targets) {
            svg.append(line(LEFT, y.at(t.millis()), WIDTH - RIGHT, y.at(t.millis()), "#999", true));
            // labelled inside the plot, above its line, so it never meets the legend on the right
            svg.append(text(LEFT + 4, y.at(t.millis()) - 4, escape(t.name()), "start", 10));
        }
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (double[] p : s.points()) {
                if (p[0] > 0 && p[1] > 0) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.at(p[0]), y.at(p[1])));
                }
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>\n",
                    s.colour(),
                    s.dashed() ? " stroke-dasharray=\"6 4\"" : "",
                    points.toString().strip()));
            for (double[] p : s.points()) {
                if (p[0] > 0 && p[1] > 0) {
                    svg.append(String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                            x.at(p[0]),
                            y.at(p[1]),
                            s.colour()));
                }
            }
            svg.append(line(WIDTH - RIGHT + 8, legendY + 40, WIDTH - RIGHT + 32, legendY + 40, s.colour(), s.dashed())
                    .replace("stroke-width=\"1\"", "stroke-width=\"2\""));
            svg.append(text(WIDTH - RIGHT + 38, legendY + 44, escape(s.name()), "start", 11));
            legendY += 18;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** A log-scale axis from {@code lo} to {@code hi} mapped onto pixels {@code from} to {@code to}. */
    private record Axis(double lo, double hi, double from, double to) {
        double at(double v) {
            double clamped = Math.max(lo, Math.min(hi, v));
            return from + (to - from) * (Math.log10(clamped) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        }
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, boolean dashed) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"%s/>\n",
                x1,
                y1,
                x2,
                y2,
                colour,
                dashed ? " stroke-dasharray=\"4 3\"" : "");
    }

    private static String text(double x, double y, String text, String anchor, int size) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
                x,
                y,
                anchor,
                size,
                text);
    }

    private static String number(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
