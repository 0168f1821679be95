package org.mailferry.job;

import java.util.List;
import java.util.regex.Pattern;
import org.mailferry.store.FolderPath;

/**
 * Which folders a job copies: those matching any include glob (all when none is given) and no
 * exclude glob. Globs match the display name ({@code Projects/2026}): {@code *} is any run of
 * characters including {@code /}, {@code ?} one character; matching is exact except that
 * {@code INBOX} matches in any case. So {@code Projects/*} takes every folder below Projects.
 */
public record FolderSelection(List<String> includes, List<String> excludes) {

    public static final FolderSelection ALL = new FolderSelection(List.of(), List.of());

    public FolderSelection {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    public boolean matches(FolderPath path) {
        String name = path.display();
        boolean in = includes.isEmpty() || includes.stream().anyMatch(g -> glob(g).matcher(name).matches());
        return in && excludes.stream().noneMatch(g -> glob(g).matcher(name).matches());
    }

    static Pattern glob(String glob) {
        String g = glob.regionMatches(true, 0, "INBOX", 0, 5) && (glob.length() == 5 || glob.charAt(5) == '/')
                ? "INBOX" + glob.substring(5) : glob;
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Stable text for job identity. */
    public String describe() {
        return "include=" + includes + " exclude=" + excludes;
    }
}
