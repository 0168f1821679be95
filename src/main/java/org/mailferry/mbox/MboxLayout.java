package org.mailferry.mbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.ArchiveNames;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.util.PrivateFiles;

/**
 * Where each folder's files live under an archive root (format: {@code package-info}): folder
 * {@code [a, b]} is {@code root/enc(a)/enc(b).mbox} with {@code enc} =
 * {@link ArchiveNames#encodeSegment} (shortened by {@link ArchiveNames#fit} when too long), beside
 * its index and state file. A new folder whose file name
 * equals an existing one ignoring case, held by another folder, gets
 * {@link ArchiveNames#caseSuffix} appended to its last component. Which exact folder a file holds
 * is said by its state file ({@link ArchivedFolder}), else by its decoded name.
 * <p>
 * Thread-safe: finding and claiming names are synchronized, so two partitions never claim one.
 */
final class MboxLayout {

    private final Path root;

    MboxLayout(Path root) {
        this.root = root;
    }

    /** The files of {@code folder}, when the archive holds it. */
    synchronized Optional<MboxFiles> find(FolderPath folder) {
        Path dir = directoryOf(folder);
        org.mailferry.archive.ArchiveFiles.requireRealDirectories(root, dir); // never a folder through a link
        String name = leafName(folder);
        String suffixed = name + ArchiveNames.caseSuffix(folder.display());
        String full = ArchiveNames.encodeSegment(folder.leaf());
        for (String existing : names(dir)) {
            if ((existing.equalsIgnoreCase(name) || existing.equalsIgnoreCase(suffixed) || existing.equalsIgnoreCase(full))
                    && folderHeldBy(dir, existing, folder).equals(folder)) {
                return Optional.of(MboxFiles.of(dir, existing));
            }
        }
        return Optional.empty();
    }

    /**
     * The files of {@code folder} for writing. When the archive does not hold it yet, picks its
     * name, creates its directory and writes {@code initialState}, which claims the name.
     */
    synchronized MboxFiles claim(FolderPath folder, ArchivedFolder initialState) {
        Optional<MboxFiles> existing = find(folder);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path dir = directoryOf(folder);
        TreeSet<String> taken = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        taken.addAll(names(dir));
        String name = leafName(folder);
        if (taken.contains(name)) {
            name += ArchiveNames.caseSuffix(folder.display());
            if (taken.contains(name)) {
                throw MailferryException.folder("cannot name folder \"" + folder + "\" in " + dir
                        + ": both " + leafName(folder) + " and " + name + " are taken", null);
            }
        }
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw ArchiveErrors.write(dir, e);
        }
        MboxFiles files = MboxFiles.of(dir, name);
        initialState.write(files.state());
        return files;
    }

    /** Every folder the archive holds, sorted by path; {@code rawName} is the mbox path under the root. */
    List<FolderInfo> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !f.getParent().getFileName().toString().equals(MboxCompaction.WORK_DIR)).toList();
        } catch (IOException e) {
            throw ArchiveErrors.read(root, e);
        }
        Map<Path, FolderInfo> byMbox = new HashMap<>();
        for (Path f : files) {
            if (f.getFileName().toString().endsWith(MboxFiles.STATE_SUFFIX)) {
                Path mbox = folderOf(f).mbox();
                ArchivedFolder.read(f).ifPresent(state -> byMbox.put(mbox, state.toFolderInfo(rawName(mbox))));
            }
        }
        for (Path f : files) {
            if (!f.getFileName().toString().endsWith(MboxFiles.STATE_SUFFIX)
                    && MboxFiles.folderNameOf(f.getFileName().toString()).isPresent()) {
                Path mbox = folderOf(f).mbox();
                byMbox.computeIfAbsent(mbox, m -> new FolderInfo(decodedPath(m), rawName(m), '/', Optional.empty(), Set.of()));
            }
        }
        List<FolderInfo> folders = new ArrayList<>(byMbox.values());
        folders.sort(Comparator.comparing(FolderInfo::path));
        return folders;
    }

    /** The mbox path relative to the root, with {@code /} separators. */
    String rawName(Path mbox) {
        return root.relativize(mbox).toString().replace(mbox.getFileSystem().getSeparator(), "/");
    }

    /** Each parent segment is a directory, its name shortened by {@link ArchiveNames#fit} when too long. */
    private Path directoryOf(FolderPath folder) {
        Path dir = root;
        List<String> segments = folder.segments();
        for (String s : segments.subList(0, segments.size() - 1)) {
            dir = dir.resolve(fitted(s));
        }
        return dir;
    }

    private static String leafName(FolderPath folder) {
        return fitted(folder.leaf());
    }

    /** A segment's component: two segments in one directory differ, so their shortened names do too. */
    private static String fitted(String segment) {
        return ArchiveNames.fit(ArchiveNames.encodeSegment(segment), segment);
    }

    private static FolderPath folderHeldBy(Path dir, String name, FolderPath lookedFor) {
        return ArchivedFolder.read(MboxFiles.of(dir, name).state()).map(ArchivedFolder::path).orElseGet(() -> {
            List<String> segments = new ArrayList<>(lookedFor.segments());
            segments.set(segments.size() - 1, ArchiveNames.decodeSegment(name));
            return new FolderPath(segments);
        });
    }

    private FolderPath decodedPath(Path mbox) {
        List<String> segments = new ArrayList<>();
        for (Path p : root.relativize(mbox.resolveSibling(stripSuffix(mbox.getFileName().toString(),
                MboxFiles.MBOX_SUFFIX)))) {
            segments.add(ArchiveNames.decodeSegment(p.toString()));
        }
        return new FolderPath(segments);
    }

    /** The {@code NAME}s of the folders with a file in {@code dir}. */
    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> MboxFiles.folderNameOf(f.getFileName().toString()))
                    .flatMap(Optional::stream)
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw ArchiveErrors.read(dir, e);
        }
    }

    /** The folder whose data or state file {@code file} is. */
    private static MboxFiles folderOf(Path file) {
        return MboxFiles.of(file.getParent(), MboxFiles.folderNameOf(file.getFileName().toString()).orElseThrow());
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }
}
