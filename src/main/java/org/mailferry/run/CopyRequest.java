package org.mailferry.run;

import java.util.function.Function;
import org.mailferry.archive.Compression;
import org.mailferry.auth.Credentials;
import org.mailferry.imap.ImapPolicy;
import org.mailferry.imap.ImapTuning;
import org.mailferry.imap.TlsSettings;
import org.mailferry.job.CopyOptions;
import org.mailferry.job.EngineSettings;
import org.mailferry.job.FolderSelection;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.Store;
import org.mailferry.store.StoreUri;

/**
 * One backup, restore or migrate ready to run in this process: its {@link CopyPlan} with the
 * secrets resolved into credentials and the folder mapping built ({@link PlanResolver}).
 *
 * @param verb      the job: backup, restore or migrate
 * @param mapping   source folder to target folder, given the opened target store (it may list it)
 * @param sizeLimit largest message sent to an IMAP target, 0 for the server's APPENDLIMIT only
 * @param json      the summary is printed as JSON (no progress bar then)
 * @param progress  a progress bar is wanted on a terminal
 * @param plan      what this request was resolved from, as data (stored with each execution)
 */
public record CopyRequest(String verb, StoreUri source, Credentials sourceCredentials, StoreUri target,
                          Credentials targetCredentials, FolderSelection selection,
                          Function<Store, Function<FolderInfo, FolderPath>> mapping, CopyOptions options,
                          long sizeLimit, TlsSettings tls, ImapTuning tuning, EngineSettings engine, boolean json,
                          boolean progress, Compression compression, ImapPolicy imap, CopyPlan plan) {
}
