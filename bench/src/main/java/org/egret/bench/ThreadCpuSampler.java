package org.egret.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of another process's threads, from /proc (Linux): sampled while it runs, since a thread's time is gone
 * once it ends. Threads are grouped by name without their trailing number, so the two JIT compiler threads count
 * as one line ("C2 CompilerThre", "C1 CompilerThre" share the group "C"), the worker threads as another.
 */
final class ThreadCpuSampler {
    /** USER_HZ: /proc reports CPU times in clock ticks of 1/100 s on every Linux this runs on */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;
    private final Map<String, Long> ticksByThread = new HashMap<>();
    private final Map<String, String> groupByThread = new HashMap<>();

    ThreadCpuSampler(long pid) {
        this.pid = pid;
    }

    /** Reads every thread's time so far; a thread that has just ended is skipped. */
    void sample() {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // the name is in parentheses and may hold spaces; the fields after it are space-separated
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                    String tid = task.getFileName().toString();
                    ticksByThread.merge(tid, ticks, Math::max);
                    // the last name seen: a new thread briefly carries its parent's name ("java")
                    groupByThread.put(tid, group(stat.substring(open + 1, close)));
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    static String group(String threadName) {
        String g = threadName.replaceAll("[-#]?\\d+$", "");
        return g.startsWith("C1 Compiler") || g.startsWith("C2 Compiler") || g.equals("C") ? "JIT compiler" : g;
    }

    /** CPU seconds by thread group, largest first, as one line. */
    String summary() {
        Map<String, Long> byGroup = new TreeMap<>();
        ticksByThread.forEach((tid, ticks) -> byGroup.merge(groupByThread.get(tid), ticks, Long::sum));
        long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder b = new StringBuilder(String.format("CPU %.1f s:", total / TICKS_PER_SECOND));
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 10)
                .forEach(e -> b.append(String.format(" %s %.1f s,", e.getKey(), e.getValue() / TICKS_PER_SECOND)));
        b.setLength(b.length() - 1);
        return b.toString();
    }
}
