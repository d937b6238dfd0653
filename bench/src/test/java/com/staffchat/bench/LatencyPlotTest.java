package com.staffchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LatencyPlotTest {

    @Test
    void thePlotIsAnSvgDocumentWithOneLinePerSeriesAndItsLegend(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latency.svg");
        LatencyPlot.write(
                file,
                "rates & <latency>",
                List.of(
                        new LatencyPlot.Series(
                                "send p99",
                                "#1f77b4",
                                false,
                                List.of(new double[] {100, 12}, new double[] {250, 40}, new double[] {500, 2_500})),
                        new LatencyPlot.Series(
                                "new-message p99", "#d62728", true, List.of(new double[] {100, 30}, new double[] {250, 0
                                }))),
                List.of(new LatencyPlot.Target("send p99 target 50 ms", 50)));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document svg = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readString(file).getBytes(StandardCharsets.UTF_8)));

        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        NodeList lines = svg.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(2);
        assertThat(((Element) lines.item(0)).getAttribute("points").split(" ")).hasSize(3);
        // a zero latency (nothing delivered) cannot sit on a log scale: left out, not drawn at the edge
        assertThat(((Element) lines.item(1)).getAttribute("points").split(" ")).hasSize(1);
        assertThat(Files.readString(file))
                .contains("rates &amp; &lt;latency&gt;")
                .contains(">send p99<")
                .contains(">new-message p99<")
                .contains("send p99 target 50 ms");
    }
}
