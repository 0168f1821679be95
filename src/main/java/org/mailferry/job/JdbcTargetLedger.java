package org.mailferry.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.mailferry.store.SkippedMessage;
import org.mailferry.store.FolderPath;
import org.mailferry.store.MessageRange;
import org.mailferry.store.TargetLedger;
import org.mailferry.util.Json;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link TargetLedger} in the job database (tables {@code MF_TARGET_FOLDER}, {@code MF_UID_MAP}
 * {@code MF_SKIPPED} and {@code MF_TARGET_FILTER}, see {@code mailferry-schema.sql}), for one pair of stores ({@code scope}).
 * Uses the job DataSource through {@link JdbcTemplate}, so inside a chunk it writes in the
 * chunk's transaction. Portable SQL (H2, PostgreSQL). Thread-safe.
 */
public final class JdbcTargetLedger implements TargetLedger {

    private final JdbcTemplate jdbc;
    private final String scope;

    public JdbcTargetLedger(JdbcTemplate jdbc, String scope) {
        this.jdbc = jdbc;
        this.scope = scope;
    }

    @Override
    public Optional<Entry> load(FolderPath source, String targetFolder) {
        List<Entry> rows = jdbc.query("""
                SELECT SOURCE_UIDVALIDITY, LAST_SOURCE_UID, SOURCE_MODSEQ, TARGET_UIDVALIDITY, TARGET_UIDNEXT
                  FROM MF_TARGET_FOLDER WHERE SCOPE = ? AND SOURCE_FOLDER = ? AND TARGET_FOLDER = ?""",
                (rs, i) -> new Entry(targetFolder, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)),
                scope, key(source), targetFolder);
        return rows.stream().findFirst();
    }

    @Override
    public void save(FolderPath source, Entry e, List<UidPair> copied) {
        String folder = key(source);
        int updated = jdbc.update("""
                UPDATE MF_TARGET_FOLDER SET SOURCE_UIDVALIDITY = ?, LAST_SOURCE_UID = ?, SOURCE_MODSEQ = ?,
                       TARGET_UIDVALIDITY = ?, TARGET_UIDNEXT = ?
                 WHERE SCOPE = ? AND SOURCE_FOLDER = ? AND TARGET_FOLDER = ?""",
                e.sourceUidValidity(), e.lastSourceUid(), e.sourceHighestModSeq(), e.targetUidValidity(),
                e.targetUidNext(), scope, folder, e.targetFolder());
        if (updated == 0) {
            jdbc.update("""
                    INSERT INTO MF_TARGET_FOLDER (SCOPE, SOURCE_FOLDER, TARGET_FOLDER, SOURCE_UIDVALIDITY,
                           LAST_SOURCE_UID, SOURCE_MODSEQ, TARGET_UIDVALIDITY, TARGET_UIDNEXT)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    scope, folder, e.targetFolder(), e.sourceUidValidity(), e.lastSourceUid(),
                    e.sourceHighestModSeq(), e.targetUidValidity(), e.targetUidNext());
        }
        if (copied.isEmpty()) {
            return;
        }
        List<Object[]> keys = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (UidPair p : copied) {
            keys.add(new Object[] {scope, folder, e.targetFolder(), e.sourceUidValidity(), p.sourceUid()});
            rows.add(new Object[] {scope, folder, e.targetFolder(), e.sourceUidValidity(), p.sourceUid(),
                    e.targetUidValidity(), p.targetUid()});
        }
        jdbc.batchUpdate("""
                DELETE FROM MF_UID_MAP WHERE SCOPE = ? AND SOURCE_FOLDER = ? AND TARGET_FOLDER = ?
                   AND SOURCE_UIDVALIDITY = ? AND SOURCE_UID = ?""", keys);
        jdbc.batchUpdate("""
                INSERT INTO MF_UID_MAP (SCOPE, SOURCE_FOLDER, TARGET_FOLDER, SOURCE_UIDVALIDITY, SOURCE_UID,
                       TARGET_UIDVALIDITY, TARGET_UID) VALUES (?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    @Override
    public Map<Long, Long> targetUids(FolderPath source, Entry e, Collection<Long> sourceUids) {
        Map<Long, Long> out = new HashMap<>();
        if (sourceUids.isEmpty()) {
            return out;
        }
        long min = sourceUids.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = sourceUids.stream().mapToLong(Long::longValue).max().orElseThrow();
        jdbc.query("""
                SELECT SOURCE_UID, TARGET_UID FROM MF_UID_MAP
                 WHERE SCOPE = ? AND SOURCE_FOLDER = ? AND TARGET_FOLDER = ? AND SOURCE_UIDVALIDITY = ?
                   AND TARGET_UIDVALIDITY = ? AND SOURCE_UID BETWEEN ? AND ?""",
                rs -> {
                    if (sourceUids.contains(rs.getLong(1))) {
                        out.put(rs.getLong(1), rs.getLong(2));
                    }
                },
                scope, key(source), e.targetFolder(), e.sourceUidValidity(), e.targetUidValidity(), min, max);
        return out;
    }

    @Override
    public Set<Long> sourceUids(FolderPath source, Entry e) {
        return new HashSet<>(jdbc.queryForList("""
                SELECT SOURCE_UID FROM MF_UID_MAP WHERE SCOPE = ? AND SOURCE_FOLDER = ? AND TARGET_FOLDER = ?
                   AND SOURCE_UIDVALIDITY = ? AND TARGET_UIDVALIDITY = ?""", Long.class,
                scope, key(source), e.targetFolder(), e.sourceUidValidity(), e.targetUidValidity()));
    }

    @Override
    public void forget(FolderPath source, Entry e, Collection<Long> sourceUids) {
        List<Object[]> keys = new ArrayList<>();
        for (long uid : sourceUids) {
            keys.add(new Object[] {scope, key(source), e.targetFolder(), e.sourceUidValidity(), uid});
        }
        jdbc.batchUpdate("""
                DELETE FROM MF_UID_MAP WHERE SCOPE = ? AND SOURCE_FOLDER = ? AND TARGET_FOLDER = ?
                   AND SOURCE_UIDVALIDITY = ? AND SOURCE_UID = ?""", keys);
    }

    @Override
    public Map<Long, SkippedMessage> skips(FolderPath source, String targetFolder, long sourceUidValidity) {
        Map<Long, SkippedMessage> out = new TreeMap<>();
        jdbc.query("""
                SELECT SOURCE_UID, REASON, ATTEMPTS FROM MF_SKIPPED WHERE SCOPE = ? AND SOURCE_FOLDER = ?
                   AND TARGET_FOLDER = ? AND SOURCE_UIDVALIDITY = ?""",
                rs -> {
                    out.put(rs.getLong(1), new SkippedMessage(rs.getLong(1), rs.getString(2), rs.getInt(3)));
                },
                scope, key(source), targetFolder, sourceUidValidity);
        return out;
    }

    @Override
    public SkippedMessage skipped(FolderPath source, String targetFolder, long sourceUidValidity, long uid,
                                  String reason) {
        String why = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        SkippedMessage before = skips(source, targetFolder, sourceUidValidity).get(uid);
        if (before == null) {
            jdbc.update("""
                    INSERT INTO MF_SKIPPED (SCOPE, SOURCE_FOLDER, TARGET_FOLDER, SOURCE_UIDVALIDITY, SOURCE_UID,
                           REASON, ATTEMPTS) VALUES (?, ?, ?, ?, ?, ?, 1)""",
                    scope, key(source), targetFolder, sourceUidValidity, uid, why);
            return new SkippedMessage(uid, why, 1);
        }
        jdbc.update("""
                UPDATE MF_SKIPPED SET REASON = ?, ATTEMPTS = ATTEMPTS + 1 WHERE SCOPE = ? AND SOURCE_FOLDER = ?
                   AND TARGET_FOLDER = ? AND SOURCE_UIDVALIDITY = ? AND SOURCE_UID = ?""",
                why, scope, key(source), targetFolder, sourceUidValidity, uid);
        return before.failedAgain(why);
    }

    @Override
    public void unskip(FolderPath source, String targetFolder, long sourceUidValidity, Collection<Long> uids) {
        List<Object[]> keys = new ArrayList<>();
        for (long uid : uids) {
            keys.add(new Object[] {scope, key(source), targetFolder, sourceUidValidity, uid});
        }
        if (!keys.isEmpty()) {
            jdbc.batchUpdate("""
                    DELETE FROM MF_SKIPPED WHERE SCOPE = ? AND SOURCE_FOLDER = ? AND TARGET_FOLDER = ?
                       AND SOURCE_UIDVALIDITY = ? AND SOURCE_UID = ?""", keys);
        }
    }

    @Override
    public MessageRange filter(FolderPath source, String targetFolder, long sourceUidValidity) {
        List<String> json = jdbc.queryForList("""
                SELECT FILTER FROM MF_TARGET_FILTER WHERE SCOPE = ? AND SOURCE_FOLDER = ? AND TARGET_FOLDER = ?
                 AND SOURCE_UIDVALIDITY = ?""", String.class, scope, key(source), targetFolder, sourceUidValidity);
        return json.isEmpty() ? MessageRange.ALL : Json.MAPPER.readValue(json.get(0), MessageRange.class);
    }

    @Override
    public void recordFilter(FolderPath source, String targetFolder, long sourceUidValidity, MessageRange filter) {
        jdbc.update("""
                DELETE FROM MF_TARGET_FILTER WHERE SCOPE = ? AND SOURCE_FOLDER = ? AND TARGET_FOLDER = ?
                 AND SOURCE_UIDVALIDITY = ?""", scope, key(source), targetFolder, sourceUidValidity);
        if (!filter.isAll()) {
            jdbc.update("""
                    INSERT INTO MF_TARGET_FILTER (SCOPE, SOURCE_FOLDER, TARGET_FOLDER, SOURCE_UIDVALIDITY, FILTER)
                    VALUES (?, ?, ?, ?, ?)""", scope, key(source), targetFolder, sourceUidValidity,
                    Json.MAPPER.writeValueAsString(filter));
        }
    }

    private static String key(FolderPath source) {
        return Json.MAPPER.writeValueAsString(source.segments());
    }
}
