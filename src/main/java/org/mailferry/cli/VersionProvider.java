package org.mailferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.mailferry.util.ToolVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code mailferry --version} prints: the version, the commit and the time it was built
 * (from {@code META-INF/build-info.properties} and {@code META-INF/mailferry-commit.txt}, written by
 * the Maven build), and the Java runtime and operating system it runs on, so that a bug report
 * says exactly what ran. A class path without those files (an IDE) says "development build".
 * Stateless and thread-safe.
 */
public final class VersionProvider implements IVersionProvider {

    private static final String UNKNOWN = "unknown";

    /** The version, e.g. {@code 0.1.0}, as archive manifests and reports record it. */
    public static String version() {
        return ToolVersion.version();
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "mailferry " + version(),
            "commit " + commit() + ", built " + ToolVersion.buildTime(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                    + System.getProperty("java.vm.name") + ") in " + System.getProperty("java.home"),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        };
    }

    private static String commit() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/META-INF/mailferry-commit.txt")) {
            String commit = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return commit.isEmpty() ? UNKNOWN : commit;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
