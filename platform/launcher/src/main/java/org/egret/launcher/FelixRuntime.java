package org.egret.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * The embedded Felix framework: a throw-away cache (bundles are reinstalled from {@code bundle/} on every start, so a
 * copied installation always runs what it contains), boot bundles (logging) at start level 1, the rest at 2.
 */
final class FelixRuntime implements AutoCloseable {
    static final int BOOT_LEVEL = 1;
    static final int APP_LEVEL = 2;

    private final Framework framework;
    private final Path cache;

    private FelixRuntime(Framework framework, Path cache) {
        this.framework = framework;
        this.cache = cache;
    }

    static FelixRuntime start(Path home, Map<String, String> extraProperties) throws IOException, BundleException {
        Path cache = Files.createTempDirectory("egret-felix-");
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(APP_LEVEL));
        // shared with the launcher, which writes the command line's configurations through Config Admin
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.cm;version=1.6.1");
        p.put("felix.log.level", "1");
        p.put("felix.fileinstall.dir", home.resolve("deploy").toString());
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.filter", ".*\\.jar");
        p.putAll(extraProperties);
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework fw = factory.newFramework(p);
        fw.init();
        FelixRuntime rt = new FelixRuntime(fw, cache);
        try {
            BundleContext ctx = fw.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            installed.addAll(install(ctx, home.resolve("bundle").resolve("boot"), BOOT_LEVEL));
            installed.addAll(install(ctx, home.resolve("bundle"), APP_LEVEL));
            for (Bundle b : installed) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
            fw.start();
            fw.adapt(FrameworkStartLevel.class).setStartLevel(APP_LEVEL);
        } catch (IOException | BundleException | RuntimeException e) {
            rt.close();
            throw e;
        }
        return rt;
    }

    private static List<Bundle> install(BundleContext ctx, Path dir, int level) throws IOException, BundleException {
        List<Bundle> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(f -> f.toString().endsWith(".jar")).sorted(Comparator.naturalOrder()).toList();
        }
        for (Path jar : jars) {
            Bundle b = ctx.installBundle(jar.toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(level);
            out.add(b);
        }
        return out;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(15_000);
        } catch (BundleException | InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(cache);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
