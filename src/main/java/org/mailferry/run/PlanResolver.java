package org.mailferry.run;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import org.mailferry.auth.Credentials;
import org.mailferry.job.CopyJobs;
import org.mailferry.job.CopyOptions;
import org.mailferry.job.EngineSettings;
import org.mailferry.job.FolderMapping;
import org.mailferry.job.FolderSelection;
import org.mailferry.job.RateLimit;
import org.mailferry.job.RoleMapping;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.Store;
import org.mailferry.store.StoreUri;

/**
 * Turns a {@link CopyPlan} into the {@link CopyRequest} this process runs: secrets resolved from
 * their references (asking on a terminal or signing in where the plan says so), the folder
 * mapping built for the verb. Stateless.
 */
public final class PlanResolver {

    private PlanResolver() {
    }

    /**
     * @param engine   this process's state directory and job database
     * @param json     the summary is printed as JSON
     * @param progress a progress bar is wanted on a terminal
     * @param err      where warnings and sign-in prompts go
     */
    public static CopyRequest resolve(CopyPlan plan, EngineSettings engine, boolean json, boolean progress,
                                      PrintWriter err) {
        StoreUri source = StoreUri.parse(plan.source().uri());
        StoreUri target = StoreUri.parse(plan.target().uri());
        Credentials sc = MailboxCredentials.of(plan.source().auth(), source, engine.stateDir(), err);
        Credentials tc = MailboxCredentials.of(plan.target().auth(), target, engine.stateDir(), err);
        CopyPlan.Transfer t = plan.transfer();
        CopyOptions options = new CopyOptions(t.connections(), t.chunkSize(),
                new RateLimit(t.messagesPerSecond(), t.bytesPerSecond()), t.mirror(), t.keepDeletedFor())
                .withResync(t.resync()).withFilter(plan.filter());
        return new CopyRequest(plan.verb(), source, sc, target, tc, new FolderSelection(plan.folders(), plan.excludes()),
                mapping(plan), options, plan.sizeLimit(), plan.tls(), plan.tuning(), engine, json, progress,
                plan.compression(), plan.imap(), plan);
    }

    /** Source folder to target folder, given the opened target (role mapping lists its folders). */
    static Function<Store, Function<FolderInfo, FolderPath>> mapping(CopyPlan plan) {
        return switch (plan.verb()) {
            case CopyJobs.BACKUP -> target -> FolderInfo::path;
            case CopyJobs.RESTORE -> {
                FolderPath prefix = plan.into() == null || plan.into().isBlank() ? null : FolderPath.of(plan.into());
                yield target -> new RoleMapping(target.listFolders(), prefix);
            }
            default -> {
                List<FolderMapping.Rule> rules = plan.maps().stream().map(FolderMapping.Rule::parse).toList();
                yield target -> new FolderMapping(rules, new RoleMapping(target.listFolders(), null));
            }
        };
    }
}
