package org.mailferry.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The running mailferry's version and build time, from {@code META-INF/build-info.properties}
 * (written by the Maven build); "development build" on a class path without it (an IDE).
 */
public final class ToolVersion {

    private ToolVersion() {
    }

    /** The version, e.g. {@code 0.1.0}, as archive manifests, reports and JSON output record it. */
    public static String version() {
        return buildInfo().getProperty("build.version", "development build");
    }

    /** When this build was made, or "unknown". */
    public static String buildTime() {
        return buildInfo().getProperty("build.time", "unknown");
    }

    private static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = ToolVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource inside our own jar: report the version as unknown
        }
        return p;
    }
}
