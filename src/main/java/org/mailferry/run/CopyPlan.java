package org.mailferry.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mailferry.archive.Compression;
import org.mailferry.auth.AuthChoice;
import org.mailferry.imap.ImapPolicy;
import org.mailferry.imap.ImapTuning;
import org.mailferry.imap.TlsSettings;
import org.mailferry.job.RunOrigin;
import org.mailferry.store.MessageRange;

/**
 * One backup, restore or migrate as data: what a command line or a job file asked for, validated,
 * with secrets only as references ({@link AuthChoice}: files, variables, commands, OAuth options).
 * {@link PlanResolver} turns it into a runnable {@link CopyRequest} in the process that executes it;
 * {@link PlanCodec} writes it to the job database with each execution ({@code MF_RUN_PLAN}), so
 * {@code jobs show} says what ran and a process holding only the job database can read it.
 * Built through {@link #builder}.
 *
 * @param verb       backup, restore or migrate
 * @param source     where messages come from
 * @param target     where they go
 * @param folders    folder patterns to copy (empty: all)
 * @param excludes   folder patterns to leave out
 * @param into       restore: the folder to restore below, or null to merge
 * @param maps       migrate: {@code FROM=TO} folder renaming rules, in order
 * @param transfer   how fast and how many at once
 * @param filter     which messages ({@code --since}, ...)
 * @param sizeLimit  largest message sent to an IMAP target, 0 for the server's APPENDLIMIT only
 * @param origin     the job file the run comes from, or null for a command line
 * @param dedupe     backup {@code --dedupe}: a message a Maildir archive stores already becomes a hard link to it
 */
public record CopyPlan(String verb, Side source, Side target, List<String> folders, List<String> excludes,
                       String into, List<String> maps, Transfer transfer, MessageRange filter, long sizeLimit,
                       TlsSettings tls, ImapTuning tuning, Compression compression, ImapPolicy imap,
                       RunOrigin origin, boolean dedupe) {

    public CopyPlan {
        folders = List.copyOf(folders);
        excludes = List.copyOf(excludes);
        maps = List.copyOf(maps);
    }

    /**
     * One end of the copy.
     *
     * @param uri  the store, without secrets ({@code StoreUri.describe()})
     * @param auth how an IMAP mailbox logs in; null for an archive
     */
    public record Side(String uri, AuthChoice auth) {
    }

    /**
     * @param connections      folders copied at once, each over its own connection
     * @param chunkSize        messages per commit
     * @param messagesPerSecond per account, 0 for no limit
     * @param bytesPerSecond   per account, 0 for no limit
     * @param mirror           migrate {@code --delete-extra-on-target}
     * @param keepDeletedFor   backup retention, null keeps everything
     * @param resync           an IMAP target's ledger is not trusted
     */
    public record Transfer(int connections, int chunkSize, double messagesPerSecond, long bytesPerSecond,
                           boolean mirror, Duration keepDeletedFor, boolean resync) {
    }

    public static Builder builder(String verb) {
        return new Builder(verb);
    }

    /** The same plan with other ends (a fleet worker's own secrets filled in). */
    public CopyPlan withSides(Side newSource, Side newTarget) {
        return new CopyPlan(verb, newSource, newTarget, folders, excludes, into, maps, transfer, filter, sizeLimit, tls,
                tuning, compression, imap, origin, dedupe);
    }

    /** The same plan launched from {@code origin}. */
    public CopyPlan from(RunOrigin launchedFrom) {
        return new CopyPlan(verb, source, target, folders, excludes, into, maps, transfer, filter, sizeLimit, tls,
                tuning, compression, imap, launchedFrom, dedupe);
    }

    /** Collects a plan's parts; {@link #build} fills defaults for what was not given. */
    public static final class Builder {
        private final String verb;
        private Side source;
        private Side target;
        private List<String> folders = List.of();
        private List<String> excludes = List.of();
        private String into;
        private List<String> maps = List.of();
        private Transfer transfer = new Transfer(1, 100, 0, 0, false, null, false);
        private MessageRange filter = MessageRange.ALL;
        private long sizeLimit;
        private TlsSettings tls = new TlsSettings(List.of(), false);
        private ImapTuning tuning = ImapTuning.DEFAULT;
        private Compression compression = Compression.NONE;
        private ImapPolicy imap = new ImapPolicy(false, ImapPolicy.AppendCheck.NONE);
        private RunOrigin origin;
        private boolean dedupe;

        private Builder(String verb) {
            this.verb = verb;
        }

        public Builder source(String uri, AuthChoice auth) {
            this.source = new Side(uri, auth);
            return this;
        }

        public Builder target(String uri, AuthChoice auth) {
            this.target = new Side(uri, auth);
            return this;
        }

        public Builder folders(List<String> include, List<String> exclude) {
            this.folders = new ArrayList<>(include);
            this.excludes = new ArrayList<>(exclude);
            return this;
        }

        public Builder into(String folder) {
            this.into = folder;
            return this;
        }

        public Builder maps(List<String> rules) {
            this.maps = new ArrayList<>(rules);
            return this;
        }

        public Builder transfer(Transfer t) {
            this.transfer = t;
            return this;
        }

        public Builder filter(MessageRange f) {
            this.filter = f;
            return this;
        }

        public Builder sizeLimit(long bytes) {
            this.sizeLimit = bytes;
            return this;
        }

        public Builder tls(TlsSettings t) {
            this.tls = t;
            return this;
        }

        public Builder tuning(ImapTuning t) {
            this.tuning = t;
            return this;
        }

        public Builder compression(Compression c) {
            this.compression = c;
            return this;
        }

        public Builder imap(ImapPolicy p) {
            this.imap = p;
            return this;
        }

        public Builder dedupe(boolean on) {
            this.dedupe = on;
            return this;
        }

        public Builder origin(RunOrigin o) {
            this.origin = o;
            return this;
        }

        public CopyPlan build() {
            if (source == null || target == null) {
                throw new IllegalStateException("a plan needs a source and a target");
            }
            return new CopyPlan(verb, source, target, folders, excludes, into, maps, transfer, filter, sizeLimit, tls,
                    tuning, compression, imap, origin, dedupe);
        }
    }
}
