package org.mailferry.job;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;

/**
 * Where each source folder goes on a migration's target: the user's {@code --map FROM=TO} rules
 * first (Java regular expressions on the {@code /}-separated display name, each applied in order
 * to the result of the previous one, {@code $1} for groups), then, for a folder no rule renamed,
 * the special-use role mapping ({@link RoleMapping}). Rule {@code INBOX/Archive/(.*)=Archive/$1}
 * moves everything under INBOX/Archive to a top-level Archive.
 */
public final class FolderMapping implements Function<FolderInfo, FolderPath> {

    /** One {@code FROM=TO} rule. */
    public record Rule(Pattern from, String to) {

        /** Parses {@code FROM=TO}: the last {@code =} separates them (FROM may contain {@code =}, TO may not). */
        public static Rule parse(String text) {
            int eq = text.lastIndexOf('=');
            if (eq <= 0) {
                throw usage("--map '" + text + "': write FROM=TO, e.g. 'INBOX/Archive/(.*)=Archive/$1'");
            }
            try {
                return new Rule(Pattern.compile(text.substring(0, eq)), text.substring(eq + 1));
            } catch (PatternSyntaxException e) {
                throw usage("--map '" + text + "': FROM is not a regular expression: " + e.getDescription());
            }
        }

        String apply(String name) {
            Matcher m = from.matcher(name);
            return m.matches() ? m.replaceFirst(to) : name;
        }
    }

    private final List<Rule> rules;
    private final RoleMapping roles;

    public FolderMapping(List<Rule> rules, RoleMapping roles) {
        this.rules = List.copyOf(rules);
        this.roles = roles;
    }

    @Override
    public FolderPath apply(FolderInfo source) {
        String name = source.path().display();
        String mapped = name;
        for (Rule r : rules) {
            mapped = r.apply(mapped);
        }
        if (!mapped.equals(name)) {
            if (mapped.isBlank() || mapped.startsWith("/") || mapped.contains("//")) {
                throw usage("--map turns folder '" + name + "' into '" + mapped + "', which is not a folder name");
            }
            return FolderPath.of(mapped);
        }
        return roles.apply(source);
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
