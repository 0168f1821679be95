package org.mailferry.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mailferry.archive.ArchiveManifest;
import org.mailferry.archive.ArchiveStore;
import org.mailferry.archive.Damage;
import org.mailferry.archive.FolderCheck;
import org.mailferry.archive.FolderContents;
import org.mailferry.archive.HeldMessage;
import org.mailferry.archive.ManifestFolder;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;

/**
 * Verifies a whole archive: re-reads every folder ({@link ArchiveStore#check}) and compares what
 * it holds with the manifest written at the end of the last run ({@link ArchiveManifest}). Up to
 * the manifest's last UID a folder must hold exactly the messages and bytes the manifest counts;
 * messages above it, folders it does not list and checksum lines without a file above it come
 * from a run that did not finish and are noted, not counted as damage. Without a manifest every
 * listed-but-missing message is damage. A folder that cannot be read at all is one damage naming
 * why. Stateless.
 */
public final class ArchiveVerifier {

    private ArchiveVerifier() {
    }

    public static ArchiveReport verify(ArchiveStore archive) {
        Optional<ArchiveManifest> manifest = ArchiveManifest.read(archive.root());
        List<FolderVerdict> verdicts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<FolderInfo> folders = archive.listFolders();
        for (FolderInfo f : folders) {
            verdicts.add(verdict(archive, f, manifest.flatMap(m -> m.folder(f.path())), manifest.isPresent()));
        }
        List<Damage> damage = new ArrayList<>();
        Set<FolderPath> present = folders.stream().map(FolderInfo::path).collect(Collectors.toSet());
        manifest.ifPresentOrElse(m -> m.folders().stream().filter(mf -> !present.contains(mf.path())).forEach(mf ->
                        damage.add(new Damage(Damage.Kind.FILE, archive.root().resolve(mf.location()), -1, 0,
                                "folder \"" + mf.path() + "\" is in the manifest with " + mf.messages()
                                        + " messages but no longer in the archive"))),
                () -> notes.add("no " + ArchiveManifest.FILE_NAME + ": no run finished since manifests exist, so"
                        + " message counts could not be checked"));
        return new ArchiveReport(archive.describe(), manifest.isPresent(), verdicts, damage, notes);
    }

    private static FolderVerdict verdict(ArchiveStore archive, FolderInfo folder, Optional<ManifestFolder> listed,
                                         boolean haveManifest) {
        FolderCheck check;
        try {
            check = archive.check(folder);
        } catch (MailferryException e) {
            return new FolderVerdict(folder.path().display(), folder.rawName(), 0, 0, 0,
                    List.of(new Damage(Damage.Kind.FILE, archive.root().resolve(folder.rawName()), -1, 0,
                            "cannot be read: " + e.getMessage())), List.of());
        }
        FolderContents c = check.contents();
        List<Damage> damage = new ArrayList<>();
        List<String> notes = new ArrayList<>(check.notes());
        long lastUid = listed.map(ManifestFolder::lastUid).orElse(haveManifest ? 0L : Long.MAX_VALUE);
        for (Damage d : check.damage()) {
            if (d.kind() == Damage.Kind.MISSING && d.uid() > lastUid) {
                notes.add("UID " + d.uid() + " was being written when a run stopped; the next backup writes it again");
            } else {
                damage.add(d);
            }
        }
        listed.ifPresentOrElse(mf -> compareWithManifest(archive, c, mf, damage, notes),
                () -> {
                    if (haveManifest) {
                        notes.add("not in the manifest: added by a run that did not finish");
                    }
                });
        return new FolderVerdict(folder.path().display(), c.location(), c.messages().size(), c.bytes(), check.intact(),
                damage, notes);
    }

    private static void compareWithManifest(ArchiveStore archive, FolderContents c, ManifestFolder mf,
                                            List<Damage> damage, List<String> notes) {
        if (mf.uidValidity() != c.uidValidity()) {
            damage.add(new Damage(Damage.Kind.FILE, archive.root().resolve(c.location()), -1, 0, "UIDVALIDITY is "
                    + c.uidValidity() + " but the manifest says " + mf.uidValidity()));
            return;
        }
        List<HeldMessage> upTo = c.messages().stream().filter(m -> m.uid() <= mf.lastUid()).toList();
        long bytes = upTo.stream().mapToLong(HeldMessage::size).sum();
        if (upTo.size() != mf.messages() || bytes != mf.bytes()) {
            damage.add(new Damage(Damage.Kind.FILE, archive.root().resolve(c.index()), -1, 0, "the manifest lists "
                    + mf.messages() + " messages (" + mf.bytes() + " bytes) up to UID " + mf.lastUid()
                    + " but the archive holds " + upTo.size() + " (" + bytes + " bytes)"));
        }
        long newer = c.messages().size() - upTo.size();
        if (newer > 0) {
            notes.add(newer + " messages above UID " + mf.lastUid() + " were added after the manifest was written");
        }
    }
}
