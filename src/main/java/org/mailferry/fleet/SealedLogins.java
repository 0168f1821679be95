package org.mailferry.fleet;

import org.mailferry.auth.AuthChoice;
import org.mailferry.run.CopyPlan;
import org.mailferry.util.Json;

/**
 * The logins of an account's two mailboxes as the manager was given them, secret references
 * included (a password file or variable, OAuth client secret files, token caches): what the job
 * database may carry only sealed with the fleet key ({@link PlanSignature#seal}), for the worker
 * that runs the account to resolve on its own host. Never a secret value; never a command (a
 * distributed run refuses those). Immutable.
 */
record SealedLogins(AuthChoice source, AuthChoice target) {

    static SealedLogins of(CopyPlan plan) {
        return new SealedLogins(plan.source().auth(), plan.target().auth());
    }

    String toJson() {
        return Json.MAPPER.writeValueAsString(this);
    }

    static SealedLogins fromJson(String json) {
        return Json.MAPPER.readValue(json, SealedLogins.class);
    }

    /** {@code plan} (read from the database, without secret sources) with these logins put back. */
    CopyPlan into(CopyPlan plan) {
        return plan.withSides(new CopyPlan.Side(plan.source().uri(), source),
                new CopyPlan.Side(plan.target().uri(), target));
    }
}
