package org.mailferry.run;

import org.mailferry.auth.AuthChoice;
import org.mailferry.job.RunOrigin;
import org.mailferry.util.Json;

/**
 * A {@link CopyPlan} as the JSON the job database keeps ({@code MF_RUN_PLAN}). What is written
 * holds no secret: secrets are references already, and the two references that are commands
 * ({@code --password-command}, {@code --oauth-token-command}, whose text may carry a secret) are
 * replaced by {@value #NOT_RECORDED}, as the run's recorded arguments drop every secret source
 * ({@link RunOrigin#withoutSecretSources}). The database is not trusted to supply anything that
 * runs. Stateless.
 */
public final class PlanCodec {

    /** What stands for a command in a recorded plan. */
    public static final String NOT_RECORDED = "(a command: not recorded)";

    private PlanCodec() {
    }

    public static String toJson(CopyPlan plan) {
        return Json.MAPPER.writeValueAsString(recordable(plan));
    }

    public static CopyPlan fromJson(String json) {
        return Json.MAPPER.readValue(json, CopyPlan.class);
    }

    /** {@code plan} as it may be recorded: commands and the origin's secret sources left out. */
    static CopyPlan recordable(CopyPlan plan) {
        RunOrigin o = plan.origin();
        return new CopyPlan(plan.verb(), side(plan.source()), side(plan.target()), plan.folders(), plan.excludes(),
                plan.into(), plan.maps(), plan.transfer(), plan.filter(), plan.sizeLimit(), plan.tls(), plan.tuning(),
                plan.compression(), plan.imap(),
                o == null ? null : new RunOrigin(o.jobName(), o.jobFile(), RunOrigin.withoutSecretSources(o.arguments())),
                plan.dedupe());
    }

    private static CopyPlan.Side side(CopyPlan.Side s) {
        AuthChoice a = s.auth();
        if (a == null || a.passwordCommand() == null && a.tokenCommand() == null) {
            return s;
        }
        return new CopyPlan.Side(s.uri(), new AuthChoice(a.optionPrefix(), a.provider(), a.passwordFile(),
                a.passwordEnv(), a.passwordCommand() == null ? null : NOT_RECORDED, a.oauth(), a.tenant(), a.clientId(),
                a.clientSecretEnv(), a.clientSecretFile(), a.certificate(), a.refreshTokenEnv(), a.refreshTokenFile(),
                a.serviceAccountFile(), a.tokenCommand() == null ? null : NOT_RECORDED, a.tokenCache(), a.authority()));
    }
}
