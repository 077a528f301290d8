package org.egret.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The console's access configuration ({@value #PID}): the access token from {@code --token-file}, else
 * {@code EGRET_API_TOKEN}, else the {@code -c} config file, else {@code conf/}{@value #PID}{@code .cfg}; and the bind
 * check: beyond loopback only with a token. Only the token's SHA-256 is handed on, under a dot-prefixed property that
 * Declarative Services never publishes; the token is never printed.
 */
final class ApiAccess {

    static final String PID = "org.egret.console.access";
    static final String ENV = "EGRET_API_TOKEN";
    static final String SHA256_PROPERTY = ".token_sha256";
    static final int MIN_TOKEN_LENGTH = 16;
    private static final List<String> TOKEN_KEYS = List.of("token", ".token");
    private static final List<String> SHA256_KEYS = List.of("token_sha256", ".token_sha256");

    /**
     * @param config what goes into Config Admin under {@value #PID}
     * @param source where the token came from, for the start line; null when there is none
     */
    record Resolved(Map<String, Object> config, String source) {
        boolean tokenRequired() {
            return source != null;
        }
    }

    private ApiAccess() {
    }

    /**
     * @param fromConfigFile the {@code -c} file's {@value #PID} properties, or null
     * @param confDir the installation's watched {@code conf/}, or null
     */
    static Resolved resolve(Path tokenFile, Map<String, String> env, Map<String, Object> fromConfigFile,
            Path confDir, String bind, PrintStream err) {
        Map<String, Object> config = new LinkedHashMap<>();
        String sha256 = null;
        String source = null;
        if (fromConfigFile != null) {
            config.putAll(fromConfigFile);
            config.keySet().removeAll(TOKEN_KEYS);
            config.keySet().removeAll(SHA256_KEYS);
        }
        if (tokenFile != null) {
            sha256 = sha256Hex(readTokenFile(tokenFile, err), "--token-file " + tokenFile);
            source = "--token-file";
        } else if (env.get(ENV) != null && !env.get(ENV).isEmpty()) {
            sha256 = sha256Hex(env.get(ENV).strip(), ENV);
            source = ENV;
        } else if (fromConfigFile != null) {
            sha256 = configured(fromConfigFile, "config file " + PID);
            source = sha256 == null ? null : "the config file";
        }
        Path cfg = confDir == null ? null : confDir.resolve(PID + ".cfg");
        if (cfg != null && Files.isRegularFile(cfg)) {
            // FileInstall applies this file after start, over what the launcher wrote: it must not mean another token
            String watched = configured(cfgProperties(cfg), cfg.toString());
            if (watched != null && sha256 != null && !watched.equals(sha256)) {
                throw new UserError(cfg + " sets another access token than " + source + "; keep one of them");
            }
            if (watched != null && sha256 == null) {
                sha256 = watched;
                source = cfg.getFileName().toString();
            }
        }
        if (sha256 != null) {
            config.put(SHA256_PROPERTY, sha256);
        }
        config.put("bind", bind);
        if (sha256 == null && !isLoopback(bind)) {
            throw new UserError("--bind " + bind + " is beyond loopback: the API then needs an access token "
                    + "(--token-file FILE or " + ENV + ")");
        }
        return new Resolved(config, source);
    }

    private static String readTokenFile(Path file, PrintStream err) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError("token file not found: " + file);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read token file " + file + ": permission denied");
        } catch (IOException e) {
            throw new UserError("cannot read token file " + file + ": " + e.getMessage());
        }
        String token = text.strip();
        if (token.isEmpty()) {
            throw new UserError("token file " + file + " is empty");
        }
        if (token.contains("\n") || token.contains("\r")) {
            throw new UserError("token file " + file + " must hold the token on one line");
        }
        try {
            if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                err.println("egret: warning: token file " + file + " is readable by every user (chmod 600 " + file
                        + ")");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to warn about
        }
        return token;
    }

    /** The SHA-256 a set of properties configures (a token is hashed here), or null. */
    private static String configured(Map<String, Object> props, String where) {
        for (String k : SHA256_KEYS) {
            Object v = props.get(k);
            if (v != null && !v.toString().isBlank()) {
                String hex = v.toString().trim().toLowerCase(Locale.ROOT);
                if (!hex.matches("[0-9a-f]{64}")) {
                    throw new UserError(where + ": " + k + " must be the token's SHA-256, 64 hexadecimal digits");
                }
                return hex;
            }
        }
        for (String k : TOKEN_KEYS) {
            Object v = props.get(k);
            if (v != null && !v.toString().isBlank()) {
                return sha256Hex(v.toString().strip(), where + " " + k);
            }
        }
        return null;
    }

    private static Map<String, Object> cfgProperties(Path cfg) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(cfg)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot read " + cfg + ": " + e.getMessage());
        }
        for (String k : List.of("token", "token_sha256")) {
            if (p.containsKey(k)) {
                // FileInstall hands every property on as it is; one without the dot would be a service property
                throw new UserError(cfg + ": name the property ." + k + " (with the leading dot), so it is never "
                        + "published on the service registry");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v));
        return out;
    }

    static String sha256Hex(String token, String where) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new UserError(where + ": the access token must be at least " + MIN_TOKEN_LENGTH
                    + " characters (e.g. openssl rand -hex 32)");
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The bind address is loopback (a name is resolved as the HTTP service will resolve it). */
    static boolean isLoopback(String bind) {
        try {
            for (InetAddress a : InetAddress.getAllByName(bind)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new UserError("--bind " + bind + " is not an address of this machine");
        }
    }
}
