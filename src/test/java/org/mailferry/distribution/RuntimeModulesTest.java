package org.mailferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Java runtime that scripts/package.sh links for the .deb and the image holds every module
 * mailferry's own classes use: a missing one (jdk.net for the keepalive options) fails only at run
 * time, in the installed package, as a NoClassDefFoundError.
 */
class RuntimeModulesTest {

    @Test
    void theLinkedRuntimeHoldsEveryModuleMailferrysClassesUse() throws IOException {
        Set<String> linked = closureOf(listedModules());
        List<String> used = modulesUsedBy(Path.of("target/classes"));
        assertThat(used).as("modules jdeps finds in target/classes").contains("java.base");
        assertThat(linked).as("modules of the runtime scripts/package.sh links").containsAll(used);
    }

    private static List<String> listedModules() throws IOException {
        Matcher m = Pattern.compile("(?m)^modules=(\\S+)$").matcher(Files.readString(Path.of("scripts/package.sh")));
        assertThat(m.find()).as("a modules= line in scripts/package.sh").isTrue();
        return Arrays.asList(m.group(1).split(","));
    }

    /** The modules jlink puts in the runtime: the listed ones and all they require. */
    private static Set<String> closureOf(List<String> roots) {
        Configuration c = Configuration.empty().resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), roots);
        return c.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
    }

    private static List<String> modulesUsedBy(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "--print-module-deps", "--ignore-missing-deps",
                "--multi-release", "17", classes.toString());
        assertThat(rc).as("jdeps: %s", err).isZero();
        return Arrays.asList(out.toString().trim().split(","));
    }
}
