package org.egret.storage.duckdb.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Small tmpfs mounts for the disk-full and read-only tests: the tests run as root, which ignores file permissions,
 * so a full disk or a read-only directory has to be a real file system that is full or mounted read-only.
 */
final class Mounts {

    private Mounts() {
    }

    /** Runs a command; fails with its output when it does not exit 0. */
    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (these tests need root and mount): " + out);
        }
    }

    static void tmpfs(Path dir, String options) throws IOException, InterruptedException {
        run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
    }

    static void remount(Path dir, String options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mount", "-o", "remount," + options, dir.toString()));
        run(command.toArray(String[]::new));
    }

    /** Unmounts, lazily if something still holds it, so a failed test leaves no mount behind. */
    static void unmount(Path dir) {
        try {
            run("umount", dir.toString());
        } catch (IOException | InterruptedException e) {
            try {
                run("umount", "-l", dir.toString());
            } catch (IOException | InterruptedException ignored) {
                // nothing more to do; the temporary directory stays mounted until reboot
            }
        }
    }
}
