package org.mailferry.run;

import org.mailferry.auth.AuthChoice;
import org.mailferry.job.RunOrigin;
import org.mailferry.util.Json;

/**
 * A {@link CopyPlan} as the JSON the job database keeps ({@code MF_RUN_PLAN}, and a fleet's
 * account partitions). What is written holds no secret and no secret source: each mailbox's
 * login keeps only what names it (provider, OAuth flow, tenant, client id, authority), never a
 * password file, variable or command, client secret, key or token cache
 * ({@link AuthChoice#withoutSecretSources}), and the origin's arguments drop every secret option
 * ({@link RunOrigin#withoutSecretSources}). The database is not trusted to supply anything that
 * runs or names a secret: a process that executes a recorded plan takes the secrets from its own
 * configuration (a fleet worker: its accounts file and options). Stateless.
 */
public final class PlanCodec {

    private PlanCodec() {
    }

    public static String toJson(CopyPlan plan) {
        return Json.MAPPER.writeValueAsString(recordable(plan));
    }

    public static CopyPlan fromJson(String json) {
        return recordable(Json.MAPPER.readValue(json, CopyPlan.class));
    }

    /** {@code plan} as it may be recorded: secret sources and the origin's secret options left out. */
    static CopyPlan recordable(CopyPlan plan) {
        RunOrigin o = plan.origin();
        return new CopyPlan(plan.verb(), side(plan.source()), side(plan.target()), plan.folders(), plan.excludes(),
                plan.into(), plan.maps(), plan.transfer(), plan.filter(), plan.sizeLimit(), plan.tls(), plan.tuning(),
                plan.compression(), plan.imap(),
                o == null ? null : new RunOrigin(o.jobName(), o.jobFile(), RunOrigin.withoutSecretSources(o.arguments())),
                plan.dedupe());
    }

    private static CopyPlan.Side side(CopyPlan.Side s) {
        return s.auth() == null ? s : new CopyPlan.Side(s.uri(), s.auth().withoutSecretSources());
    }
}
