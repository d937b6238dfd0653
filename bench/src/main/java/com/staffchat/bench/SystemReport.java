package com.staffchat.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The system steps' part of {@code bench.md}, and {@code latency.svg}. */
final class SystemReport {

    private SystemReport() {}

    static void markdown(StringBuilder md, SystemBench.Result r, Double postgresRate) {
        md.append("\n### Step 2: the system through the gateway (open loop)\n\n");
        md.append("Gateway ")
                .append(r.gateway())
                .append(", bench hotel `")
                .append(r.hotel())
                .append("` with ")
                .append(r.staff())
                .append(" staff; ")
                .append(r.directConversations())
                .append(" direct conversations and ")
                .append(r.groupConversations())
                .append(" groups of ")
                .append(r.groupMin())
                .append(" to ")
                .append(r.groupMax())
                .append(" members, one Pusher subscriber connection on each (")
                .append(r.subscriberConnections())
                .append("), set up in ")
                .append(format(r.setupMillis() / 1000.0))
                .append(" s; ")
                .append(r.warmupSeconds())
                .append(" s warm-up; latency from each send's intended time; drain window ")
                .append(r.drainSeconds())
                .append(" s. Targets: send p99 <= 50 ms, POST-to-new-message p99 <= 150 ms, 0 lost, 0 duplicated"
                        + " (idle: new-message p50 <= 10 ms).\n\n");
        md.append("| Step | Asked /s | Achieved /s | Send p50 / p99 / p99.9 ms | Errors | POST-to-new-message"
                + " p50 / p99 ms | Delivered | Lost (arrived later) | Dup | Bench JVM CPU | Verdict |\n");
        md.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
        List<SystemBench.Step> all = new ArrayList<>();
        if (r.idle() != null) {
            all.add(r.idle());
        }
        all.addAll(r.steps());
        if (r.busy() != null) {
            all.add(r.busy().step());
        }
        for (SystemBench.Step s : all) {
            md.append("| ")
                    .append(s.name())
                    .append(" | ")
                    .append(s.askedRate())
                    .append(" | ")
                    .append(format(s.achievedRate()))
                    .append(" | ")
                    .append(format(s.send().p50()))
                    .append(" / ")
                    .append(format(s.send().p99()))
                    .append(" / ")
                    .append(format(s.send().p999()))
                    .append(" | ")
                    .append(errors(s.errors()))
                    .append(" | ")
                    .append(format(s.newMessage().p50()))
                    .append(" / ")
                    .append(format(s.newMessage().p99()))
                    .append(" | ")
                    .append(s.delivered())
                    .append(" of ")
                    .append(s.acknowledged())
                    .append(" | ")
                    .append(s.lost())
                    .append(s.lostArrivedLater() > 0 ? " (" + s.lostArrivedLater() + ")" : "")
                    .append(" | ")
                    .append(s.duplicated())
                    .append(" | ")
                    .append(cpu(s.generatorCpuPercent()))
                    .append(" | ")
                    .append(s.verdict().replace("|", "/"))
                    .append(" |\n");
        }
        md.append("\n**Highest rate that holds the targets:** ");
        if (r.highestRateHoldingTargets() == null) {
            md.append("none of the steps held them");
        } else {
            md.append(r.highestRateHoldingTargets()).append(" messages/s");
            if (r.ratioToPostgres() != null && postgresRate != null) {
                md.append(", ")
                        .append(format(r.ratioToPostgres() * 100))
                        .append(" % of PostgreSQL's ")
                        .append(format(postgresRate))
                        .append(" send transactions/s (step 1; the aim is 20 %)");
            }
        }
        md.append(".");
        if (r.stoppedEarly() != null) {
            md.append(" Stepping stopped early ").append(r.stoppedEarly()).append('.');
        }
        md.append('\n');

        md.append("\nCPU (% of one core) and RSS / peak RSS (VmRSS / VmHWM, MB) of each process, per step:\n\n");
        md.append("| Process |");
        all.forEach(s -> md.append(' ').append(s.name()).append(" |"));
        md.append("\n|---|");
        all.forEach(s -> md.append("---:|"));
        md.append('\n');
        Set<String> processes = new LinkedHashSet<>();
        all.forEach(s -> s.processes().forEach(p -> processes.add(p.name())));
        for (String p : processes) {
            md.append("| ").append(p).append(" |");
            for (SystemBench.Step s : all) {
                var load =
                        s.processes().stream().filter(l -> l.name().equals(p)).findFirst();
                md.append(' ')
                        .append(load.map(l -> cpu(l.cpuPercent()) + ", " + l.rssMb() + " / " + l.peakRssMb() + " MB")
                                .orElse("-"))
                        .append(" |");
            }
            md.append('\n');
        }

        if (r.busy() != null) {
            SystemBench.Busy b = r.busy();
            md.append("\n### Step 3: one busy conversation\n\n")
                    .append(b.step().askedRate())
                    .append(" messages/s for ")
                    .append(b.step().seconds())
                    .append(" s into one group of ")
                    .append(b.members())
                    .append(" members (each member sends in turn), one subscriber: achieved ")
                    .append(format(b.step().achievedRate()))
                    .append("/s, ")
                    .append(b.step().delivered())
                    .append(" delivered, **")
                    .append(b.gaps())
                    .append(" gaps, ")
                    .append(b.outOfOrder())
                    .append(" out of order** by seq (row `busy` above for latency and errors).\n");
        }
        if (r.fanOut() != null) {
            SystemBench.FanOut f = r.fanOut();
            md.append("\n### Step 3: fan-out\n\n")
                    .append("Creating a group of ")
                    .append(f.members())
                    .append(" took **")
                    .append(f.createMillis())
                    .append(" ms**. ")
                    .append(f.subscribed())
                    .append(" of ")
                    .append(f.connections())
                    .append(" connections (one per member")
                    .append(
                            f.connections() < f.members()
                                    ? ", as many as realtime-service allows from one address"
                                    : "")
                    .append(") subscribed in ")
                    .append(f.subscribeMillis())
                    .append(" ms")
                    .append(f.subscribeFailures().isEmpty() ? "" : "; failures: " + f.subscribeFailures())
                    .append(". One message, ")
                    .append(f.lastMemberMillis().size() + (f.missing() > 0 ? " complete of more" : ""))
                    .append(" times: the last member had it after **p50 ")
                    .append(format(f.lastMemberP50()))
                    .append(" ms, max ")
                    .append(format(f.lastMemberMax()))
                    .append(" ms** (from the POST; each: ")
                    .append(f.lastMemberMillis())
                    .append(")")
                    .append(f.missing() > 0 ? "; " + f.missing() + " member deliveries missing after 10 s" : "")
                    .append(". Target: within 1 s.\n");
        }

        md.append("\n### Step 4: where the time goes (the services' own timers, per step)\n\n");
        md.append(
                "`staffchat_pipeline_hop_seconds` by `hop` (and realtime-service's"
                        + " `staffchat_realtime_delivery_latency_seconds`: API request to frame written), from each service's"
                        + " /actuator/prometheus before and after the step; p99 estimated from the buckets where published.\n\n");
        md.append("| Step | Service | Timer / hop | Count | Mean ms | p99 ms |\n|---|---|---|---:|---:|---:|\n");
        List<Map.Entry<String, Map<String, List<TimerDelta>>>> timed = new ArrayList<>();
        all.forEach(s -> timed.add(Map.entry(s.name(), s.timers())));
        if (r.fanOut() != null) {
            timed.add(Map.entry("fan-out", r.fanOut().timers()));
        }
        for (var step : timed) {
            for (var service : step.getValue().entrySet()) {
                List<TimerDelta> hops = service.getValue().stream()
                        .filter(t -> t.timer().equals("staffchat_pipeline_hop_seconds"))
                        .toList();
                if (hops.isEmpty()) {
                    md.append("| ")
                            .append(step.getKey())
                            .append(" | ")
                            .append(service.getKey())
                            .append(" | hops: none reported | | | |\n");
                }
                for (TimerDelta t : service.getValue()) {
                    md.append("| ")
                            .append(step.getKey())
                            .append(" | ")
                            .append(service.getKey())
                            .append(" | ")
                            .append(t.tag().isEmpty() ? t.timer() : t.tag())
                            .append(" | ")
                            .append(t.count())
                            .append(" | ")
                            .append(Double.isNaN(t.meanMillis()) ? "-" : format(t.meanMillis()))
                            .append(" | ")
                            .append(
                                    Double.isNaN(t.p99Millis())
                                            ? "-"
                                            : (t.p99AboveLastBucket() ? "> " : "") + format(t.p99Millis()))
                            .append(" |\n");
                }
            }
        }
        Set<String> unreachable = all.stream()
                .flatMap(s -> s.scrapeFailures().entrySet().stream())
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!unreachable.isEmpty()) {
            md.append("\nScrapes that failed: ")
                    .append(String.join(", ", unreachable))
                    .append(".\n");
        }
        if (r.unknownDeliveries() > 0) {
            md.append("\n")
                    .append(r.unknownDeliveries())
                    .append(" `new-message` frames carried no client id of this run.\n");
        }
        r.notes().forEach(n -> md.append("\n").append(n).append('\n'));
    }

    /** Send and POST-to-new-message p50 / p99 against the asked rate of the stepped rates. */
    static void plot(Path file, SystemBench.Result r) throws IOException {
        List<double[]> sendP50 = new ArrayList<>();
        List<double[]> sendP99 = new ArrayList<>();
        List<double[]> newP50 = new ArrayList<>();
        List<double[]> newP99 = new ArrayList<>();
        for (SystemBench.Step s : r.steps()) {
            sendP50.add(new double[] {s.askedRate(), s.send().p50()});
            sendP99.add(new double[] {s.askedRate(), s.send().p99()});
            newP50.add(new double[] {s.askedRate(), s.newMessage().p50()});
            newP99.add(new double[] {s.askedRate(), s.newMessage().p99()});
        }
        LatencyPlot.write(
                file,
                "Staff Chat through the gateway, " + r.hotel() + " (latency from the intended send time)",
                List.of(
                        new LatencyPlot.Series("send p50", "#1f77b4", true, sendP50),
                        new LatencyPlot.Series("send p99", "#1f77b4", false, sendP99),
                        new LatencyPlot.Series("new-message p50", "#d62728", true, newP50),
                        new LatencyPlot.Series("new-message p99", "#d62728", false, newP99)),
                List.of(
                        new LatencyPlot.Target("send p99 target 50 ms", 50),
                        new LatencyPlot.Target("new-message p99 target 150 ms", 150)));
    }

    private static String errors(Map<String, Long> errors) {
        if (errors.isEmpty()) {
            return "none";
        }
        return errors.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String cpu(double percent) {
        return percent < 0 ? "?" : format(percent) + " %";
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "-" : BenchReport.format(v);
    }
}
