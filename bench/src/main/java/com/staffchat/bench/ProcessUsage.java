package com.staffchat.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory of the system's processes, read from {@code /proc}: the ones {@code ./chat up}
 * recorded in {@code .run/pids/*.pid}, plus PostgreSQL and Redis by process name (every
 * {@code postgres} backend summed: they are shared with whatever else uses the database), plus
 * this JVM, the load generator.
 */
final class ProcessUsage {

    /** Linux' clock ticks a second for {@code /proc/<pid>/stat} times ({@code getconf CLK_TCK}, 100 on every usual kernel). */
    static final long TICKS_PER_SECOND = 100;

    /** One reading of a named group of processes: CPU ticks so far per pid, current and peak RSS of the largest. */
    record Reading(String name, Map<Integer, Long> cpuTicks, long rssKb, long peakRssKb) {}

    /** One step's load of one process (group): percent of one core, and its RSS figures in MB. */
    record Load(String name, double cpuPercent, long rssMb, long peakRssMb) {}

    private ProcessUsage() {}

    /** Reads every process of the system (pid files under {@code pidDir}, postgres, redis-server, this JVM). */
    static List<Reading> read(Path pidDir) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        if (Files.isDirectory(pidDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(pidDir, "*.pid")) {
                for (Path f : files) {
                    String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
                    String pid = Files.readString(f).replaceAll("\\D", "");
                    if (!pid.isEmpty()) {
                        groups.put(name, List.of(Integer.parseInt(pid)));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no pid files readable: only what follows is measured
            }
        }
        groups.put("postgres (all processes)", byCommand("postgres"));
        groups.put("redis-server", byCommand("redis-server"));
        groups.put("bench JVM (load generator)", List.of((int)
                ProcessHandle.current().pid()));
        List<Reading> out = new ArrayList<>();
        for (var g : groups.entrySet()) {
            out.add(reading(g.getKey(), g.getValue(), Path.of("/proc")));
        }
        return out;
    }

    static Reading reading(String name, List<Integer> pids, Path proc) {
        Map<Integer, Long> ticks = new LinkedHashMap<>();
        long rss = 0;
        long peak = 0;
        for (int pid : pids) {
            try {
                long t = cpuTicks(Files.readString(proc.resolve(pid + "/stat")));
                Map<String, Long> status = status(Files.readString(proc.resolve(pid + "/status")));
                rss = Math.max(rss, status.getOrDefault("VmRSS", 0L));
                peak = Math.max(peak, status.getOrDefault("VmHWM", 0L));
                ticks.put(pid, t);
            } catch (IOException | RuntimeException e) {
                // the process is gone (a postgres backend that ended): not counted
            }
        }
        return new Reading(name, Map.copyOf(ticks), rss, peak);
    }

    /** utime + stime, the 14th and 15th fields of /proc/pid/stat (after the command in parentheses). */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The {@code kB} lines of /proc/pid/status, e.g. VmRSS and VmHWM. */
    static Map<String, Long> status(String status) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : status.split("\n")) {
            if (line.endsWith(" kB")) {
                int colon = line.indexOf(':');
                out.put(
                        line.substring(0, colon),
                        Long.parseLong(
                                line.substring(colon + 1, line.length() - 3).trim()));
            }
        }
        return out;
    }

    /**
     * Each group's load between two readings: CPU of the processes present in both (a postgres
     * backend that came or went in between is left out), RSS figures of the later reading; -1 CPU
     * when none of the group's processes was there both times.
     */
    static List<Load> between(List<Reading> before, List<Reading> after, long wallNanos) {
        List<Load> out = new ArrayList<>();
        for (Reading a : after) {
            Map<Integer, Long> earlier = before.stream()
                    .filter(r -> r.name().equals(a.name()))
                    .map(Reading::cpuTicks)
                    .findFirst()
                    .orElse(Map.of());
            long ticks = 0;
            boolean any = false;
            for (var e : a.cpuTicks().entrySet()) {
                Long b = earlier.get(e.getKey());
                if (b != null) {
                    ticks += e.getValue() - b;
                    any = true;
                }
            }
            double cpu = any && wallNanos > 0 ? percent(ticks, wallNanos) : -1;
            out.add(new Load(a.name(), cpu, a.rssKb() / 1024, a.peakRssKb() / 1024));
        }
        return out;
    }

    static double percent(long ticks, long wallNanos) {
        return Math.round(ticks * 1e9 / TICKS_PER_SECOND / wallNanos * 1000) / 10.0;
    }

    private static List<Integer> byCommand(String command) {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals(command)) {
                        pids.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            // no /proc: not Linux
        }
        return pids;
    }
}
