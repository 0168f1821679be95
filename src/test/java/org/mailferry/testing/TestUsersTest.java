package org.mailferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Test classes run at the same time (surefire forks two JVMs), so no two of them may use the same
 * account of the test server: one resets it while the other copies from it. This reads the test
 * sources for {@code TestImapServer.user(N)}, {@code "userNN"} and the special users' constants.
 */
class TestUsersTest {

    private static final Pattern USE = Pattern.compile(
            "\\buser\\((\\d+)\\)|\"(user\\d{2})\"|\\b(SEPDOT_USER(?:_\\d)?|SMALL_USER(?:_\\d)?|NSPREFIX_USER)\\b(?!_)");

    @Test
    void noTwoTestClassesShouldShareATestUser() throws IOException {
        Map<String, Set<String>> classesByUser = new TreeMap<>();
        Path tests = TestServerDirs.projectRoot().resolve("src/test/java");
        try (Stream<Path> files = Files.walk(tests)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("TestImapServer.java") || name.equals("TestUsersTest.java")) {
                    continue; // the definitions and this test's own pattern
                }
                Matcher m = USE.matcher(withoutComments(Files.readString(file, StandardCharsets.UTF_8)));
                while (m.find()) {
                    String user = m.group(1) != null ? TestImapServer.user(Integer.parseInt(m.group(1)))
                            : m.group(2) != null ? m.group(2) : m.group(3);
                    classesByUser.computeIfAbsent(user, u -> new TreeSet<>()).add(tests.relativize(file).toString());
                }
            }
        }
        assertThat(classesByUser).as("test users found").containsKeys("user01", "SEPDOT_USER", "SMALL_USER_2");
        assertThat(classesByUser).allSatisfy((user, classes) -> assertThat(classes).as(user).hasSize(1));
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }
}
