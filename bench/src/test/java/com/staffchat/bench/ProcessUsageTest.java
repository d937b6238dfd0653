package com.staffchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessUsageTest {

    // a command with spaces and parentheses: the fields are counted after the last ')'
    private static final String STAT =
            "4242 (java (gateway) x) S 1 4242 4242 0 -1 4194560 123 0 0 0 750 250 0 0 20 0 40 0 100 0 0";

    @Test
    void cpuIsUserPlusSystemTicksCountedAfterTheCommand() {
        assertThat(ProcessUsage.cpuTicks(STAT)).isEqualTo(1_000);
    }

    @Test
    void rssAndPeakRssAreReadFromStatus() {
        Map<String, Long> status =
                ProcessUsage.status("Name:\tjava\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\nThreads:\t40\n");

        assertThat(status).containsEntry("VmHWM", 524_288L).containsEntry("VmRSS", 262_144L);
    }

    @Test
    void aStepsCpuIsTheTicksBetweenTwoReadingsOverTheWallTime(@TempDir Path proc) throws Exception {
        write(proc, 10, 100, 50, 200_000, 300_000);
        write(proc, 11, 10, 10, 1_000, 1_000);
        var before = List.of(ProcessUsage.reading("postgres (all processes)", List.of(10, 11), proc));
        write(proc, 10, 150, 100, 250_000, 400_000); // +100 ticks = 1 s of CPU
        Files.delete(proc.resolve("11/stat")); // a backend that ended meanwhile is left out
        write(proc, 12, 5, 5, 1_000, 1_000); // one that started meanwhile too
        var after = List.of(ProcessUsage.reading("postgres (all processes)", List.of(10, 11, 12), proc));

        var load = ProcessUsage.between(before, after, 2_000_000_000L).get(0);

        assertThat(load.cpuPercent()).isEqualTo(50.0);
        assertThat(load.rssMb()).isEqualTo(244);
        assertThat(load.peakRssMb()).isEqualTo(390);
    }

    private static void write(Path proc, int pid, long utime, long stime, long rssKb, long hwmKb) throws Exception {
        Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(
                proc.resolve(pid + "/stat"),
                pid + " (postgres) S 1 1 1 0 -1 0 0 0 0 0 " + utime + " " + stime + " 0 0 20 0 1 0 1 0 0");
        Files.writeString(proc.resolve(pid + "/status"), "VmHWM:\t" + hwmKb + " kB\nVmRSS:\t" + rssKb + " kB\n");
    }
}
