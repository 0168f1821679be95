package org.mailferry.verify;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.mailferry.archive.Damage;
import org.mailferry.util.JsonDocument;
import org.mailferry.util.SafeText;

/**
 * Prints a {@link VerifyResult}: a per-folder table with every damage named by file and offset,
 * then the comparison with the mailbox, then one verdict line; or the same as JSON
 * ({@code outcome}, {@code exitCode}, {@code archive}, {@code against}). In the text form, UID
 * lists longer than {@value #MAX_UIDS} are cut (the JSON form has them all). Every string that
 * comes from the archive or the server (folder names, file names, notes, flags) is printed through
 * {@link SafeText#escape}, in both forms: no control character reaches the terminal, and the JSON
 * holds the same escaped text. Stateless.
 */
public final class VerifyPrinter {

    private static final int MAX_UIDS = 20;

    private VerifyPrinter() {
    }

    public static void print(VerifyResult result, boolean json, PrintWriter out) {
        if (json) {
            out.println(JsonDocument.of(jsonOf(result)));
        } else {
            printArchive(result.archive(), out);
            if (result.live() != null) {
                printLive(result.live(), out);
            }
            out.println(verdict(result));
        }
        out.flush();
    }

    private static void printArchive(ArchiveReport r, PrintWriter out) {
        out.println("archive " + safe(r.archive()));
        out.printf(Locale.ROOT, "%-32s %9s %10s %9s %8s%n", "folder", "messages", "MB", "intact", "damaged");
        for (FolderVerdict f : r.folders()) {
            out.printf(Locale.ROOT, "%-32s %9d %10.1f %9d %8d%n", safe(f.folder()), f.messages(), f.bytes() / 1e6, f.intact(),
                    f.damage().size());
        }
        List<Damage> damage = r.allDamage();
        if (!damage.isEmpty()) {
            out.println("damage:");
            damage.forEach(d -> out.println("  " + safe(d.describe())));
        }
        List<String> notes = new java.util.ArrayList<>(r.notes());
        r.folders().forEach(f -> f.notes().forEach(n -> notes.add(f.folder() + ": " + n)));
        if (!notes.isEmpty()) {
            out.println("notes:");
            notes.forEach(n -> out.println("  " + safe(n)));
        }
    }

    private static void printLive(LiveReport r, PrintWriter out) {
        out.println("compared with " + safe(r.mailbox()) + ":");
        out.printf(Locale.ROOT, "%-32s %8s %8s %8s %6s %6s %6s%n", "folder", "server", "archive", "missing", "gone",
                "flags", "size");
        for (FolderDifference f : r.folders()) {
            out.printf(Locale.ROOT, "%-32s %8d %8d %8d %6d %6d %6d%n", safe(f.folder()), f.onServer(), f.inArchive(),
                    f.missingFromArchive().size(), f.goneFromServer().size(), f.flagsDiffer().size(),
                    f.sizeDiffers().size());
        }
        for (FolderDifference f : r.folders()) {
            if (f.note() != null) {
                out.println("  " + safe(f.folder()) + ": " + safe(f.note()));
            }
            detail(out, f.folder(), "on the server, missing from the archive", f.missingFromArchive());
            detail(out, f.folder(), "in the archive, gone from the server", f.goneFromServer());
            detail(out, f.folder(), "RFC822.SIZE differs", f.sizeDiffers());
            f.flagsDiffer().stream().limit(MAX_UIDS).forEach(d -> out.println("  " + safe(f.folder()) + ": flags of UID "
                    + d.uid() + " differ: archive \"" + safe(d.archive()) + "\", server \"" + safe(d.server()) + "\""));
        }
    }

    private static void detail(PrintWriter out, String folder, String what, List<Long> uids) {
        if (!uids.isEmpty()) {
            out.println("  " + safe(folder) + ": " + what + ": UID " + uids.stream().limit(MAX_UIDS).map(String::valueOf)
                    .collect(Collectors.joining(", ")) + (uids.size() > MAX_UIDS ? " and " + (uids.size() - MAX_UIDS)
                    + " more" : ""));
        }
    }

    private static String verdict(VerifyResult result) {
        ArchiveReport a = result.archive();
        long messages = a.folders().stream().mapToLong(FolderVerdict::messages).sum();
        String archive = a.intact() ? "archive intact: " + messages + " messages in " + a.folders().size() + " folders"
                : "archive DAMAGED: " + a.allDamage().size() + " problems (listed above)";
        String live = result.live() == null ? "" : result.live().same() ? "; the mailbox holds the same messages and flags"
                : "; it differs from the mailbox (listed above)";
        return "verify: " + archive + live;
    }

    private static Map<String, Object> jsonOf(VerifyResult r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", r.outcome());
        json.put("exitCode", r.exitCode().code());
        ArchiveReport a = r.archive();
        Map<String, Object> archive = new LinkedHashMap<>();
        archive.put("uri", safe(a.archive()));
        archive.put("manifest", a.manifest());
        archive.put("folders", a.folders().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("folder", safe(f.folder()));
            m.put("location", safe(f.location()));
            m.put("messages", f.messages());
            m.put("bytes", f.bytes());
            m.put("intact", f.intact());
            m.put("damage", f.damage().stream().map(VerifyPrinter::jsonOf).toList());
            m.put("notes", safe(f.notes()));
            return m;
        }).toList());
        archive.put("damage", a.damage().stream().map(VerifyPrinter::jsonOf).toList());
        archive.put("notes", safe(a.notes()));
        json.put("archive", archive);
        json.put("against", r.live() == null ? null : jsonOf(r.live()));
        return json;
    }

    private static Map<String, Object> jsonOf(Damage d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
        m.put("file", safe(d.file().toString()));
        m.put("offset", d.offset() >= 0 ? d.offset() : null);
        m.put("uid", d.uid() > 0 ? d.uid() : null);
        m.put("problem", safe(d.problem()));
        return m;
    }

    private static Map<String, Object> jsonOf(LiveReport live) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mailbox", safe(live.mailbox()));
        m.put("folders", live.folders().stream().map(f -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("folder", safe(f.folder()));
            d.put("onServer", f.onServer());
            d.put("inArchive", f.inArchive());
            d.put("missingFromArchive", f.missingFromArchive());
            d.put("goneFromServer", f.goneFromServer());
            d.put("sizeDiffers", f.sizeDiffers());
            d.put("flagsDiffer", f.flagsDiffer().stream().map(x -> {
                Map<String, Object> flags = new LinkedHashMap<>();
                flags.put("uid", x.uid());
                flags.put("archive", safe(x.archive()));
                flags.put("server", safe(x.server()));
                return flags;
            }).toList());
            d.put("note", safe(f.note()));
            return d;
        }).toList());
        return m;
    }

    private static String safe(String s) {
        return SafeText.escape(s);
    }

    private static List<String> safe(List<String> lines) {
        return lines.stream().map(SafeText::escape).toList();
    }
}
